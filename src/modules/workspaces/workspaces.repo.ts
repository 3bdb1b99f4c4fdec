import { and, asc, eq, sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import { members, sessions, users, workspaces } from "@/platform/db/schema";
import type { TenantTx } from "@/platform/db/tenant";
import type { UserId, WorkspaceId } from "@/lib/ids";

/**
 * Identity-side queries (auth role): workspaces and memberships are not tenant rows themselves. The
 * handle is always a withIdentity() transaction's (src/platform/db/tenant.ts).
 */
type AuthExecutor = TenantTx;

export async function findMembership(db: AuthExecutor, userId: UserId, workspaceId: WorkspaceId) {
  const rows = await db
    .select({
      role: members.role,
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      slug: workspaces.slug,
      userName: users.name,
      userEmail: users.email,
      requireTwoFactor: workspaces.requireTwoFactor,
      userHasTwoFactor: users.twoFactorEnabled,
    })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.organizationId))
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.userId, userId), eq(members.organizationId, workspaceId)))
    .limit(1);
  return rows[0];
}

/** The user's memberships, by workspace name, or in the order they joined. */
export async function listMembershipsOfUser(db: AuthExecutor, userId: UserId, order: "name" | "joined" = "name") {
  return db
    .select({ workspaceId: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: members.role, joinedAt: members.createdAt })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.organizationId))
    .where(eq(members.userId, userId))
    .orderBy(...(order === "name" ? [asc(sql`lower(${workspaces.name})`), asc(workspaces.id)] : [asc(members.createdAt), asc(members.id)]));
}

/** A workspace name as people tell names apart: trimmed, inner whitespace as one space, case-insensitive. */
export function comparableWorkspaceName(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Another of the user's workspaces (not `exceptId`) whose name is this one's, compared as people do
 * (comparableWorkspaceName). Locks the user's row first, so two requests of the same user
 * that create or rename workspaces at once check one after the other.
 */
export async function findSameNamedWorkspaceOfUser(db: AuthExecutor, userId: UserId, name: string, exceptId?: WorkspaceId) {
  await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
  // A person has a handful of workspaces: compared here, with the one rule, rather than in SQL's regex dialect.
  const mine = await db
    .select({ workspaceId: workspaces.id, name: workspaces.name })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.organizationId))
    .where(eq(members.userId, userId));
  const wanted = comparableWorkspaceName(name);
  return mine.find((w) => w.workspaceId !== exceptId && comparableWorkspaceName(w.name) === wanted);
}

/** Inserts the workspace unless the slug is taken; returns undefined on a slug collision. */
export async function insertWorkspace(db: AuthExecutor, values: { id: string; name: string; slug: string }) {
  const rows = await db
    .insert(workspaces)
    .values(values)
    .onConflictDoNothing({ target: workspaces.slug })
    .returning({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug });
  return rows[0];
}

export async function insertMembership(db: AuthExecutor, values: { id: string; workspaceId: string; userId: string; role: string }) {
  await db.insert(members).values({ id: values.id, organizationId: values.workspaceId, userId: values.userId, role: values.role });
}

export async function setSessionActiveWorkspace(db: AuthExecutor, sessionId: string, userId: UserId, workspaceId: WorkspaceId | null) {
  await db
    .update(sessions)
    .set({ activeOrganizationId: workspaceId, updatedAt: now() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
}

/**
 * Locks the workspace row. `"no key update"` (for a rename) still lets other transactions write rows
 * that reference the workspace (they take a key-share lock on it), which a rename running alongside
 * the tenant transaction of the same request needs; a delete takes the full `"update"` lock.
 */
export async function lockWorkspace(db: AuthExecutor, workspaceId: WorkspaceId, mode: "update" | "no key update" = "update") {
  const [row] = await db
    .select({ name: workspaces.name, requireTwoFactor: workspaces.requireTwoFactor })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for(mode);
  return row;
}

export async function setRequireTwoFactor(db: AuthExecutor, workspaceId: WorkspaceId, required: boolean): Promise<void> {
  await db.update(workspaces).set({ requireTwoFactor: required }).where(eq(workspaces.id, workspaceId));
}

export async function lockWorkspaceSecurity(db: AuthExecutor, workspaceId: WorkspaceId) {
  const [row] = await db
    .select({ requireTwoFactor: workspaces.requireTwoFactor })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for("update");
  return row;
}

export async function userHasTwoFactor(db: AuthExecutor, userId: UserId): Promise<boolean> {
  const [row] = await db.select({ on: users.twoFactorEnabled }).from(users).where(eq(users.id, userId));
  return row?.on === true;
}

export async function renameWorkspace(db: AuthExecutor, workspaceId: WorkspaceId, name: string): Promise<void> {
  await db.update(workspaces).set({ name }).where(eq(workspaces.id, workspaceId));
}

/** Deletes the workspace; foreign keys cascade to every tenant row, membership and invitation. */
export async function deleteWorkspace(db: AuthExecutor, workspaceId: WorkspaceId): Promise<void> {
  await db.update(sessions).set({ activeOrganizationId: null }).where(eq(sessions.activeOrganizationId, workspaceId));
  await db.delete(workspaces).where(eq(workspaces.id, workspaceId));
}

export async function listAllWorkspaces(db: AuthExecutor): Promise<{ id: string; slug: string }[]> {
  return db.select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces).orderBy(asc(workspaces.createdAt), asc(workspaces.id));
}

/** The workspace with this id or slug, if the user is a member of it (one query, whichever way it is named). */
export async function findMembershipByIdOrSlug(db: AuthExecutor, userId: UserId, target: { id: string } | { slug: string }) {
  const [row] = await db
    .select({ workspaceId: workspaces.id })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.organizationId))
    .where(and(eq(members.userId, userId), "id" in target ? eq(workspaces.id, target.id) : eq(workspaces.slug, target.slug)))
    .limit(1);
  return row;
}

export async function findWorkspaceName(db: AuthExecutor, workspaceId: WorkspaceId): Promise<string | undefined> {
  const [row] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.name;
}
