import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { invitations, users, workspaces } from "@/platform/db/schema";
import type { IdentityScope, TenantScope } from "@/platform/db/tenant";

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

export type InvitationRow = {
  id: string;
  workspaceId: string;
  email: string;
  role: string;
  status: string;
  expiresAt: Date;
  createdAt: Date;
  inviterName: string;
};

/** Pending (and expired) invitations of the workspace whose role is one of `roles`. */
export async function listInvitations(t: TenantScope, roles: readonly string[]): Promise<InvitationRow[]> {
  return t.db
    .select(columns)
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(and(eq(invitations.organizationId, t.workspaceId), eq(invitations.status, "pending"), inArray(invitations.role, [...roles])))
    .orderBy(desc(invitations.createdAt));
}

/**
 * Serialises invitations of one address in one workspace (a transaction-level advisory lock, held to
 * commit), so checking the pending invitation and replacing it cannot interleave with another invite.
 */
export async function lockInvitationsOfEmail(t: TenantScope, email: string): Promise<void> {
  await t.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invite:${t.workspaceId}:${email.toLowerCase()}`}, 0))`);
}

/** The role of the pending invitation of this email, if there is one (call under lockInvitationsOfEmail). */
export async function findPendingRoleOfEmail(t: TenantScope, email: string): Promise<string | undefined> {
  const [row] = await t.db
    .select({ role: invitations.role })
    .from(invitations)
    .where(
      and(
        eq(invitations.organizationId, t.workspaceId),
        eq(sql`lower(${invitations.email})`, email.toLowerCase()),
        eq(invitations.status, "pending"),
      ),
    );
  return row?.role;
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

/**
 * Creates the pending invitation for this email. One that was pending is marked `replaced` (its link
 * then answers 410 "replaced"), so there is at most one pending invitation per email and workspace.
 * A transaction-level advisory lock on (workspace, email) serialises concurrent invites of one address.
 */
export async function upsertPendingInvitation(
  t: TenantScope,
  v: { email: string; role: string; inviterId: string; tokenHash: string; expiresAt: Date; now: Date },
): Promise<{ id: string; replaced: boolean }> {
  await lockInvitationsOfEmail(t, v.email);
  const replaced = await t.db
    .update(invitations)
    .set({ status: "replaced", updatedAt: v.now })
    .where(
      and(
        eq(invitations.organizationId, t.workspaceId),
        eq(sql`lower(${invitations.email})`, v.email.toLowerCase()),
        eq(invitations.status, "pending"),
      ),
    )
    .returning({ id: invitations.id });
  const id = crypto.randomUUID();
  await t.db.insert(invitations).values({
    id,
    organizationId: t.workspaceId,
    email: v.email,
    role: v.role,
    status: "pending",
    inviterId: v.inviterId,
    tokenHash: v.tokenHash,
    expiresAt: v.expiresAt,
    createdAt: v.now,
    updatedAt: v.now,
  });
  return { id, replaced: replaced.length > 0 };
}

export async function setInvitationStatus(t: TenantScope, id: string, status: "revoked", now: Date): Promise<void> {
  await t.db
    .update(invitations)
    .set({ status, updatedAt: now })
    .where(and(eq(invitations.organizationId, t.workspaceId), eq(invitations.id, id)));
}

/**
 * The public view of an invitation by its token hash (no workspace context yet: the token is the
 * credential). Runs bound to the hash (withIdentity({ invitationTokenHash })): row-level security
 * shows that one invitation only.
 */
export async function findByTokenHash(s: IdentityScope, tokenHash: string) {
  const [row] = await s.db
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
    .where(
      and(
        eq(invitations.organizationId, t.workspaceId),
        eq(invitations.id, id),
        eq(invitations.status, "pending"),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning({ role: invitations.role });
  return row;
}

/** Whether the account proved it owns its address (Better Auth's users.email_verified). */
export async function isEmailVerified(s: IdentityScope, userId: string): Promise<boolean> {
  const [row] = await s.db.select({ verified: users.emailVerified }).from(users).where(eq(users.id, userId));
  return row?.verified === true;
}
