import { sql, type SQL } from "drizzle-orm";
import { createTableRelationsHelpers, extractTablesRelationalConfig, type ExtractTablesWithRelations } from "drizzle-orm";
import { PostgresJsSession, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import { PgDatabase, PgDialect, type PgPreparedQuery, type PreparedQueryConfig, type SelectedFieldsOrdered } from "drizzle-orm/pg-core";
import type { Query } from "drizzle-orm";
import type { WithCacheConfig } from "drizzle-orm/cache/core/types";
import type { ParameterOrJSON, ReservedSql } from "postgres";
import type { UserId, WorkspaceId } from "@/lib/ids";
import type { Role } from "@/platform/permissions";
import { isRetryableTransactionError } from "@/platform/errors";
import { authDb, currentAuthTransaction, tenantSql } from "./client";
import * as schema from "./schema";

/** Who is acting, in which workspace, with which role: resolved once at the edge, passed explicitly. */
export interface TenantContext {
  readonly userId: UserId;
  readonly workspaceId: WorkspaceId;
  readonly role: Role;
  /** How the actor is named in audit events ("Ada Lovelace <ada@example.com>"). */
  readonly actorLabel: string;
}

/** A Drizzle handle on the connection that holds the open transaction (a reserved connection, or a transaction). */
export type TenantTx = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

/**
 * What a repo receives: the open tenant transaction and the workspace it is bound to. Repos also
 * filter by `workspaceId` themselves (the application wall); RLS filters again underneath (the database wall).
 */
export interface TenantScope {
  readonly db: TenantTx;
  readonly workspaceId: WorkspaceId;
}

const dialect = new PgDialect();
const relational = (() => {
  const config = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  return { fullSchema: schema, schema: config.tables as ExtractTablesWithRelations<typeof schema>, tableNamesMap: config.tableNamesMap };
})();

/**
 * Drizzle asks postgres.js for a server-side prepared statement only for queries given a name; this
 * session names them all, so PostgreSQL parses and plans each query shape once per connection.
 */
class PreparedSession extends PostgresJsSession<ReservedSql, typeof schema, ExtractTablesWithRelations<typeof schema>> {
  override prepareQuery<T extends PreparedQueryConfig = PreparedQueryConfig>(
    query: Query,
    fields: SelectedFieldsOrdered | undefined,
    name: string | undefined,
    isResponseInArrayMode: boolean,
    customResultMapper?: (rows: unknown[][]) => T["execute"],
    queryMetadata?: { type: "select" | "update" | "delete" | "insert"; tables: string[] },
    cacheConfig?: WithCacheConfig,
  ): PgPreparedQuery<T> {
    return super.prepareQuery<T>(query, fields, name ?? "prepared", isResponseInArrayMode, customResultMapper, queryMetadata, cacheConfig);
  }
}

/** A Drizzle handle whose every query goes to this reserved connection (the pool's parsers are already set up). */
function drizzleOn(conn: ReservedSql): TenantTx {
  const db: TenantTx = new PgDatabase<PostgresJsQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>(
    dialect,
    new PreparedSession(conn, dialect, relational, {}),
    relational,
  );
  return db;
}

/** How often a unit of work is run in all when it keeps losing to a serialization failure or a deadlock. */
export const TRANSACTION_ATTEMPTS = 4;
const RETRY_BASE_MS = 15;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a whole transaction again when PostgreSQL aborted it for a serialization failure (40001) or a
 * deadlock (40P01) — the other transaction won; run again, this one usually succeeds. The waits grow
 * and are jittered ("full jitter") so that the transactions that collided do not collide again in
 * step. After the last attempt the error goes to the one error mapping (src/platform/errors.ts): 503
 * with Retry-After. Everything inside `run` must be a pure unit of work on the database, which is
 * what a tenant transaction is: it was rolled back, so running it again is safe.
 */
export async function retryingTransaction<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(err)) throw err;
      await pause(Math.random() * RETRY_BASE_MS * 2 ** attempt);
    }
  }
}

type TransactionListener = (workspaceId: WorkspaceId) => void;
const transactionListeners = new Set<TransactionListener>();

/**
 * Calls `listener` with the workspace of every tenant transaction begun from now on (each attempt of
 * withTenant and tenantQuery), until the returned function is called: lets a test count the
 * transactions a piece of work opens. A listener must not throw.
 */
export function onTenantTransaction(listener: TransactionListener): () => void {
  transactionListeners.add(listener);
  return () => transactionListeners.delete(listener);
}

function transactionBegins(workspaceId: WorkspaceId): void {
  for (const listener of transactionListeners) listener(workspaceId);
}

/**
 * The only way to reach tenant tables: one transaction on one reserved connection of the tenant
 * role's pool, with the workspace bound transaction-locally (`set_config(..., true)`) on that same
 * connection, so it can neither leak to the next user of the pooled connection nor be skipped by a repo.
 *
 * BEGIN and the setting are sent without waiting for their answers: postgres.js writes everything
 * issued in the same tick in one go, so they reach PostgreSQL together with the first query of `fn`
 * (which runs them in order): a one-query request costs two round trips (… query, COMMIT), not four.
 */
export async function withTenant<T>(ctx: Pick<TenantContext, "workspaceId">, fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  const workspaceId = ctx.workspaceId;
  if (!workspaceId) throw new Error("withTenant needs a workspace id");
  return retryingTransaction(() => tenantTransaction(workspaceId, fn));
}

async function tenantTransaction<T>(workspaceId: TenantContext["workspaceId"], fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  transactionBegins(workspaceId);
  const conn = await tenantSql().reserve();
  try {
    const setup = Promise.all([conn.unsafe("begin"), conn`select set_config('app.workspace_id', ${workspaceId}, true)`]);
    setup.catch(() => {});
    try {
      const result = await fn({ db: drizzleOn(conn), workspaceId });
      await setup;
      await conn.unsafe("commit");
      return result;
    } catch (err) {
      // Leave the connection clean for the next workspace whatever happened; a broken one is dropped by the pool.
      await conn.unsafe("rollback").catch(() => {});
      throw err;
    }
  } finally {
    conn.release();
  }
}

/**
 * One read statement in its own tenant transaction, with everything in a single write: BEGIN, the
 * workspace setting, the statement (prepared) and COMMIT leave together and PostgreSQL runs them in
 * order, so a hot read costs one round trip. For repos' single-statement reads (they build the SQL,
 * bound to the workspace like every repo query; this runs it). If the statement fails, PostgreSQL
 * turns the COMMIT into a rollback, and the connection goes back to the pool clean.
 */
export async function tenantQuery<Row extends Record<string, unknown>>(
  ctx: Pick<TenantContext, "workspaceId">,
  statement: SQL,
): Promise<Row[]> {
  const workspaceId = ctx.workspaceId;
  if (!workspaceId) throw new Error("tenantQuery needs a workspace id");
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return retryingTransaction(() => {
    transactionBegins(workspaceId);
    return singleStatementTransaction<Row>(workspaceId, text, params);
  });
}

async function singleStatementTransaction<Row extends Record<string, unknown>>(
  workspaceId: string,
  text: string,
  params: unknown[],
): Promise<Row[]> {
  const conn = await tenantSql().reserve();
  try {
    const steps = [
      conn.unsafe("begin"),
      conn`select set_config('app.workspace_id', ${workspaceId}, true)`,
      conn.unsafe<Row[]>(text, params as ParameterOrJSON<never>[], { prepare: true }),
      conn.unsafe("commit"),
    ] as const;
    for (const step of steps) step.execute();
    const [, , rows] = await Promise.all(steps);
    return rows;
  } catch (err) {
    await conn.unsafe("rollback").catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

/**
 * What an identity transaction is bound to. Identity tables (auth role) hold people, sessions and
 * workspaces, which no workspace owns, and api_keys and invitations, which one workspace owns and
 * which forced row-level security shows only as bound here:
 * - `{ workspaceId }`: that workspace's keys and invitations (and its audit events, insert only);
 * - `{ apiKeyHash }` / `{ invitationTokenHash }`: the one key or invitation of that credential (read
 *   only): authenticating a bearer key, opening an invitation link, before any workspace is known;
 * - `{ workspaceId: null }`: none of them (a user's own account, sessions and memberships; workspaces).
 */
export type IdentityBinding =
  { readonly workspaceId: WorkspaceId | null } | { readonly apiKeyHash: string } | { readonly invitationTokenHash: string };

/** What identity repos receive outside a workspace: the open auth-role transaction. */
export interface IdentityScope {
  readonly db: TenantTx;
}

/**
 * The only way our code reaches identity tables: one transaction on the auth role's pool with its
 * binding set transaction-locally, like withTenant. Membership changes commit with their audit event
 * (a tenant row the auth role may only insert, for the bound workspace). Inside Better Auth's own
 * transaction (a hook during sign-up), that transaction is joined and bound instead, so what the hook
 * writes commits or rolls back with the user it creates.
 */
export async function withIdentity<T>(ctx: Pick<TenantContext, "workspaceId">, fn: (scope: TenantScope) => Promise<T>): Promise<T>;
export async function withIdentity<T>(binding: IdentityBinding, fn: (scope: IdentityScope) => Promise<T>): Promise<T>;
export async function withIdentity<T>(binding: IdentityBinding, fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  const workspaceId = ("workspaceId" in binding ? binding.workspaceId : null) ?? "";
  if ("workspaceId" in binding && binding.workspaceId !== null && !workspaceId) throw new Error("withIdentity needs a workspace id");
  const apiKeyHash = "apiKeyHash" in binding ? binding.apiKeyHash : "";
  const invitationTokenHash = "invitationTokenHash" in binding ? binding.invitationTokenHash : "";
  const bind = (tx: TenantTx) =>
    tx.execute(
      sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('app.api_key_hash', ${apiKeyHash}, true), set_config('app.invitation_token_hash', ${invitationTokenHash}, true)`,
    );
  // Outside a workspace the scope's workspaceId is never read: only IdentityScope is handed out then.
  const scopeOf = (tx: TenantTx): TenantScope => ({ db: tx, workspaceId: workspaceId as WorkspaceId });
  const joined = currentAuthTransaction();
  if (joined) {
    await bind(joined);
    return fn(scopeOf(joined));
  }
  return retryingTransaction(() =>
    authDb().transaction(async (tx) => {
      await bind(tx);
      return fn(scopeOf(tx));
    }),
  );
}

/** What the public invoice page's lookup receives: a transaction that sees one invoice_links row at most. */
export interface LinkLookupScope {
  readonly db: TenantTx;
}

/**
 * The public invoice page's first step, before any workspace is known: one read-only transaction on
 * the tenant role's pool with nothing bound but the hash of the link's token
 * (`app.invoice_link_token_hash`). No workspace is bound, so every tenant table shows no rows; on
 * invoice_links the link-lookup policy shows the one row with that hash, if any. What the page then
 * shows is read in withTenant() for the workspace that row names, like every other request.
 */
export async function withLinkLookup<T>(tokenHash: string, fn: (scope: LinkLookupScope) => Promise<T>): Promise<T> {
  if (!/^[0-9a-f]{64}$/.test(tokenHash)) throw new Error("withLinkLookup needs a SHA-256 hex digest");
  return retryingTransaction(async () => {
    const conn = await tenantSql().reserve();
    try {
      await conn.unsafe("begin read only");
      try {
        await conn`select set_config('app.workspace_id', '', true), set_config('app.invoice_link_token_hash', ${tokenHash}, true)`;
        const result = await fn({ db: drizzleOn(conn) });
        await conn.unsafe("commit");
        return result;
      } catch (err) {
        await conn.unsafe("rollback").catch(() => {});
        throw err;
      }
    } finally {
      conn.release();
    }
  });
}
