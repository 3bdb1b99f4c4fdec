import { and, desc, eq, gt, sql } from "drizzle-orm";
import { invitations, users, workspaces } from "@/server/db/schema";
import type { Database } from "@/server/db/client";
import type { TenantScope } from "@/server/db/tenant";

type Executor = Pick<Database, "select" | "insert" | "update" | "delete">;

const columns = {
  id: invitations.id,
  workspaceId: invitations.organizationId,
  email: invitations.email,
  role: invitations.role,
  status: invitations.status,
  expiresAt: invitations.expiresAt,
  createdAt: invitations.createdAt,
  inviterName: users.name,
};

export type InvitationRow = { id: string; workspaceId: string; email: string; role: string; status: string; expiresAt: Date; createdAt: Date; inviterName: string };

export async function listInvitations(db: Executor, workspaceId: string): Promise<InvitationRow[]> {
  return db
    .select(columns)
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(and(eq(invitations.organizationId, workspaceId), eq(invitations.status, "pending")))
    .orderBy(desc(invitations.createdAt));
}

export async function findInvitation(t: TenantScope, id: string): Promise<InvitationRow | undefined> {
  const [row] = await t.db
    .select(columns)
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(and(eq(invitations.organizationId, t.workspaceId), eq(invitations.id, id)))
    .for("update", { of: invitations });
  return row;
}

/** Creates the pending invitation for this email, or replaces the one that is pending (new token, role, expiry). */
export async function upsertPendingInvitation(
  t: TenantScope,
  v: { email: string; role: string; inviterId: string; tokenHash: string; expiresAt: Date; now: Date },
): Promise<{ id: string; replaced: boolean }> {
  // Raw SQL: the conflict target is the partial expression index "one pending invitation per email".
  const rows = await t.db.execute<{ id: string; inserted: boolean }>(sql`
    insert into invitations (id, organization_id, email, role, status, inviter_id, token_hash, expires_at, created_at, updated_at)
    values (${crypto.randomUUID()}, ${t.workspaceId}, ${v.email}, ${v.role}, 'pending', ${v.inviterId}, ${v.tokenHash},
            ${v.expiresAt.toISOString()}, ${v.now.toISOString()}, ${v.now.toISOString()})
    on conflict (organization_id, lower(email)) where status = 'pending'
    do update set role = excluded.role, inviter_id = excluded.inviter_id, token_hash = excluded.token_hash,
                  expires_at = excluded.expires_at, created_at = excluded.created_at, updated_at = excluded.updated_at
    returning id, (xmax = 0) as inserted`);
  const row = rows[0]!;
  return { id: row.id, replaced: !row.inserted };
}

export async function setInvitationToken(t: TenantScope, id: string, tokenHash: string, expiresAt: Date, now: Date): Promise<void> {
  await t.db
    .update(invitations)
    .set({ tokenHash, expiresAt, updatedAt: now })
    .where(and(eq(invitations.organizationId, t.workspaceId), eq(invitations.id, id)));
}

export async function setInvitationStatus(t: TenantScope, id: string, status: "revoked", now: Date): Promise<void> {
  await t.db
    .update(invitations)
    .set({ status, updatedAt: now })
    .where(and(eq(invitations.organizationId, t.workspaceId), eq(invitations.id, id)));
}

/** The public view of an invitation by its token hash (no workspace context yet: the token is the credential). */
export async function findByTokenHash(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({
      id: invitations.id,
      workspaceId: invitations.organizationId,
      workspaceName: workspaces.name,
      inviterName: users.name,
      email: invitations.email,
      role: invitations.role,
      status: invitations.status,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.organizationId))
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(eq(invitations.tokenHash, tokenHash));
  return row;
}

/**
 * Consumes a pending, unexpired invitation. Concurrent accepts of one token serialise on the row:
 * the second sees status 'accepted' after the first commits, matches nothing, and gets undefined.
 */
export async function consumeInvitation(t: TenantScope, id: string, userId: string, now: Date): Promise<{ role: string } | undefined> {
  const [row] = await t.db
    .update(invitations)
    .set({ status: "accepted", acceptedAt: now, acceptedBy: userId, updatedAt: now })
    .where(and(eq(invitations.organizationId, t.workspaceId), eq(invitations.id, id), eq(invitations.status, "pending"), gt(invitations.expiresAt, now)))
    .returning({ role: invitations.role });
  return row;
}
