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
import { authDb, tenantSql } from "./client";
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
 * Membership changes live in identity tables (auth role), but their audit event is a tenant row that
 * must commit with them. This opens the transaction on the auth pool with the workspace bound the same
 * way, so the audit insert passes its policy (the auth role may only insert there, for this workspace).
 */
export async function withWorkspaceIdentity<T>(
  ctx: Pick<TenantContext, "workspaceId">,
  fn: (scope: TenantScope) => Promise<T>,
): Promise<T> {
  const workspaceId = ctx.workspaceId;
  if (!workspaceId) throw new Error("withWorkspaceIdentity needs a workspace id");
  return retryingTransaction(() =>
    authDb().transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.workspace_id', ${workspaceId}, true)`);
      return fn({ db: tx, workspaceId });
    }),
  );
}
