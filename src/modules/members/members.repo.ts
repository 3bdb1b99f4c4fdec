import { and, asc, eq, sql } from "drizzle-orm";
import { members, sessions, users } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { MemberDto } from "./members.schemas";

const memberColumns = {
  userId: members.userId,
  name: users.name,
  email: users.email,
  role: members.role,
  joinedAt: members.createdAt,
};

export async function listMembers(t: TenantScope): Promise<MemberDto[]> {
  return t.db
    .select(memberColumns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.organizationId, t.workspaceId))
    .orderBy(asc(sql`lower(${users.name})`), asc(members.userId));
}

/**
 * Locks the workspace's membership rows for the rest of the transaction, so that checks like
 * "is this the last owner?" cannot race with a concurrent change.
 */
export async function lockMembers(t: TenantScope): Promise<{ userId: string; role: string }[]> {
  return t.db
    .select({ userId: members.userId, role: members.role })
    .from(members)
    .where(eq(members.organizationId, t.workspaceId))
    .for("update");
}

export async function setMemberRole(t: TenantScope, userId: string, role: string): Promise<void> {
  await t.db
    .update(members)
    .set({ role })
    .where(and(eq(members.organizationId, t.workspaceId), eq(members.userId, userId)));
}

export async function deleteMember(t: TenantScope, userId: string): Promise<boolean> {
  const rows = await t.db
    .delete(members)
    .where(and(eq(members.organizationId, t.workspaceId), eq(members.userId, userId)))
    .returning({ userId: members.userId });
  return rows.length > 0;
}

/** Inserts a membership unless the user already has one; true when a new membership was created. */
export async function insertMember(t: TenantScope, userId: string, role: string): Promise<boolean> {
  const rows = await t.db
    .insert(members)
    .values({ id: crypto.randomUUID(), organizationId: t.workspaceId, userId, role })
    .onConflictDoNothing({ target: [members.organizationId, members.userId] })
    .returning({ userId: members.userId });
  return rows.length > 0;
}

/** A removed member's sessions stop pointing at the workspace. */
export async function clearActiveWorkspace(t: TenantScope, userId: string): Promise<void> {
  await t.db
    .update(sessions)
    .set({ activeOrganizationId: null })
    .where(and(eq(sessions.userId, userId), eq(sessions.activeOrganizationId, t.workspaceId)));
}

export async function memberEmailExists(t: TenantScope, email: string): Promise<boolean> {
  const rows = await t.db
    .select({ userId: members.userId })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.organizationId, t.workspaceId), eq(sql`lower(${users.email})`, email.toLowerCase())))
    .limit(1);
  return rows.length > 0;
}

export async function setSessionWorkspace(t: TenantScope, sessionId: string, userId: string): Promise<void> {
  await t.db
    .update(sessions)
    .set({ activeOrganizationId: t.workspaceId })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
}
