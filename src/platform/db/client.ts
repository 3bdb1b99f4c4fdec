import { AsyncLocalStorage } from "node:async_hooks";
import postgres, { type Options, type PostgresType, type Sql } from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { analyticsDatabaseUrl, appDatabaseUrls, config } from "@/platform/config";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PostgresJsDatabase<Schema>;

interface Pools {
  tenantSql: Sql;
  authSql: Sql;
  auth: Database;
}

// Kept on globalThis so that Next.js's dev reloads reuse the pools instead of leaking connections.
const holder = globalThis as typeof globalThis & { __workledgerPools?: Pools };

/**
 * postgres.js takes a Unix socket folder only as an option, not in the URL; accept libpq's
 * `?host=/path/to/socket/folder` form of connection URLs as well.
 */
export function connect(url: string, options: Options<Record<string, PostgresType>> = {}): Sql {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get("host");
  if (socketDir?.startsWith("/")) {
    parsed.searchParams.delete("host");
    return postgres(parsed.toString(), { ...options, host: socketDir });
  }
  return postgres(url, options);
}

function pools(): Pools {
  if (!holder.__workledgerPools) {
    const max = config().DB_POOL_MAX;
    const urls = appDatabaseUrls();
    const tenantSql = connect(urls.tenant, { max, onnotice: () => {} });
    const authSql = connect(urls.auth, { max: Math.max(2, Math.ceil(max / 2)), onnotice: () => {} });
    holder.__workledgerPools = {
      tenantSql,
      authSql,
      auth: drizzle({ client: authSql, schema }),
    };
    // Not kept, but needed: drizzle() sets up the pool's type parsers and serializers (json, dates),
    // which the tenant layer's reserved connections (tenant.ts) rely on.
    drizzle({ client: tenantSql, schema });
  }
  return holder.__workledgerPools;
}

/**
 * The tenant role's postgres.js pool, for the tenant layer's reserved connections (tenant.ts). Outside
 * a tenant transaction its queries see zero rows: RLS fails closed without `app.workspace_id`.
 */
export function tenantSql(): Sql {
  return pools().tenantSql;
}

/**
 * The pool logged in as the auth role: identity tables only, no grant on any tenant table. Used by
 * withIdentity() (tenant.ts) and, through authAdapterDb(), by Better Auth's adapter; nothing else.
 */
export function authDb(): Database {
  return pools().auth;
}

type AuthTransaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

const holderAls = globalThis as typeof globalThis & { __workledgerAuthTx?: AsyncLocalStorage<AuthTransaction> };
const openAuthTransaction = (holderAls.__workledgerAuthTx ??= new AsyncLocalStorage<AuthTransaction>());

/**
 * The auth pool as handed to Better Auth's drizzle adapter: the same pool, but each transaction it
 * opens (sign-up creates the user, account, workspace and session in one) is remembered for the code
 * its hooks call, so that withIdentity() joins it instead of opening a second one that could not see
 * the uncommitted user.
 */
export function authAdapterDb(): Database {
  const db = authDb();
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "transaction") return Reflect.get(target, prop, receiver) as unknown;
      const transaction: Database["transaction"] = (run, config) =>
        target.transaction((tx) => openAuthTransaction.run(tx, () => run(tx)), config);
      return transaction;
    },
  });
}

/** The Better Auth transaction this code runs inside, if any (see authAdapterDb). */
export function currentAuthTransaction(): AuthTransaction | undefined {
  return openAuthTransaction.getStore();
}

const analyticsHolder = globalThis as typeof globalThis & { __workledgerAnalytics?: Sql };

/**
 * The pool logged in as the analytics role (src/platform/db/roles.ts): the aggregate views and the
 * instance audit table, nothing else. Opened on first use (only instance administrators use it).
 */
export function analyticsSql(): Sql {
  analyticsHolder.__workledgerAnalytics ??= connect(analyticsDatabaseUrl(), { max: 2, onnotice: () => {} });
  return analyticsHolder.__workledgerAnalytics;
}

export async function closePools(): Promise<void> {
  const p = holder.__workledgerPools;
  const a = analyticsHolder.__workledgerAnalytics;
  holder.__workledgerPools = undefined;
  analyticsHolder.__workledgerAnalytics = undefined;
  await Promise.all([p?.tenantSql.end({ timeout: 5 }), p?.authSql.end({ timeout: 5 }), a?.end({ timeout: 5 })]);
}
