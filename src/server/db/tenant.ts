import { sql } from "drizzle-orm";
import type { UserId, WorkspaceId } from "@/lib/ids";
import type { Role } from "../auth/permissions";
import { authDb, tenantPool, type Database } from "./client";

/** Who is acting, in which workspace, with which role: resolved once at the edge, passed explicitly. */
export interface TenantContext {
  readonly userId: UserId;
  readonly workspaceId: WorkspaceId;
  readonly role: Role;
  /** How the actor is named in audit events ("Ada Lovelace <ada@example.com>"). */
  readonly actorLabel: string;
}

export type TenantTx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * What a repo receives: the open tenant transaction and the workspace it is bound to. Repos also
 * filter by `workspaceId` themselves (the application wall); RLS filters again underneath (the database wall).
 */
export interface TenantScope {
  readonly db: TenantTx;
  readonly workspaceId: WorkspaceId;
}

/**
 * The only way to reach tenant tables: one transaction on the tenant role's pool, with the
 * workspace bound transaction-locally (`set_config(..., true)`) on that same connection, so it
 * can neither leak to the next user of the pooled connection nor be skipped by a repo.
 */
export async function withTenant<T>(ctx: Pick<TenantContext, "workspaceId">, fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  const workspaceId = ctx.workspaceId;
  if (!workspaceId) throw new Error("withTenant needs a workspace id");
  return tenantPool().transaction(async (tx) => {
    // Pipelined: the setting is sent without waiting for its answer, so it travels with the first
    // query of `fn` on the same connection (PostgreSQL runs them in order). Awaited before returning.
    const bound = Promise.resolve(tx.execute(sql`select set_config('app.workspace_id', ${workspaceId}, true)`));
    bound.catch(() => {});
    const result = fn({ db: tx, workspaceId });
    await bound;
    return await result;
  });
}

/**
 * Membership changes live in identity tables (auth role), but their audit event is a tenant row that
 * must commit with them. This opens the transaction on the auth pool with the workspace bound the same
 * way, so the audit insert passes its policy (the auth role may only insert there, for this workspace).
 */
export async function withWorkspaceIdentity<T>(ctx: Pick<TenantContext, "workspaceId">, fn: (scope: TenantScope) => Promise<T>): Promise<T> {
  const workspaceId = ctx.workspaceId;
  if (!workspaceId) throw new Error("withWorkspaceIdentity needs a workspace id");
  return authDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.workspace_id', ${workspaceId}, true)`);
    return fn({ db: tx, workspaceId });
  });
}
