import { randomUUID } from "node:crypto";
import { authDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import { isRole } from "@/server/auth/permissions";
import type { TenantContext } from "@/server/db/tenant";
import { asWorkspaceId, type UserId, type WorkspaceId } from "@/lib/ids";
import { slugify, suffixedSlug } from "@/lib/slug";
import { createWorkspaceInput } from "./workspaces.schemas";
import * as repo from "./workspaces.repo";

export interface WorkspaceSummary {
  workspaceId: WorkspaceId;
  name: string;
  slug: string;
  role: string;
}

export async function listMyWorkspaces(userId: UserId): Promise<WorkspaceSummary[]> {
  const rows = await repo.listMembershipsOfUser(authDb(), userId);
  return rows.map((r) => ({ ...r, workspaceId: asWorkspaceId(r.workspaceId) }));
}

/**
 * Creates a workspace with the caller as its owner, in one transaction, and makes it the session's
 * active workspace. The slug is derived here from the name; a taken slug gets a random suffix.
 */
export async function createWorkspace(
  user: { userId: UserId; sessionId: string },
  input: unknown,
): Promise<WorkspaceSummary> {
  const { name } = parseInput(createWorkspaceInput, input);
  return authDb().transaction(async (tx) => {
    const base = slugify(name);
    let created: { id: string; name: string; slug: string } | undefined;
    for (let attempt = 0; attempt < 5 && !created; attempt++) {
      created = await repo.insertWorkspace(tx, { id: randomUUID(), name, slug: attempt === 0 ? base : suffixedSlug(base) });
    }
    if (!created) throw new AppError("conflict", "Could not find a free address for this workspace; try another name");
    const workspaceId = asWorkspaceId(created.id);
    await repo.insertMembership(tx, { id: randomUUID(), workspaceId, userId: user.userId, role: "owner" });
    await repo.setSessionActiveWorkspace(tx, user.sessionId, user.userId, workspaceId);
    return { workspaceId, name: created.name, slug: created.slug, role: "owner" };
  });
}

/** Makes a workspace the session's active one; a workspace the user is not a member of is not found. */
export async function switchWorkspace(user: { userId: UserId; sessionId: string }, workspaceId: string): Promise<void> {
  const id = asWorkspaceId(workspaceId);
  const membership = await repo.findMembership(authDb(), user.userId, id);
  if (!membership) throw AppError.notFound("Workspace");
  await repo.setSessionActiveWorkspace(authDb(), user.sessionId, user.userId, id);
}

export interface ResolvedTenant extends TenantContext {
  readonly workspaceName: string;
  readonly workspaceSlug: string;
}

/**
 * The tenant wall: the membership and role are read from the database on every request. A
 * workspace the user does not belong to answers not found, exactly like one that does not exist.
 */
export async function resolveTenant(userId: UserId, activeWorkspaceId: string): Promise<ResolvedTenant> {
  const membership = await repo.findMembership(authDb(), userId, asWorkspaceId(activeWorkspaceId));
  if (!membership || !isRole(membership.role)) throw AppError.notFound("Workspace");
  return {
    userId,
    workspaceId: asWorkspaceId(membership.workspaceId),
    role: membership.role,
    workspaceName: membership.workspaceName,
    workspaceSlug: membership.slug,
  };
}
