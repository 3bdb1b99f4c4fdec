import { assertCan, ROLE_RANK, type Role } from "@/platform/permissions";
import { withIdentity, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { forgetCachedKeysOf } from "@/modules/api-keys/api-keys.service";
import type { z } from "@hono/zod-openapi";
import { pageInMemory, pageOnlyQuery, type CursorPage, type PageOnlyQuery } from "@/platform/pagination";
import { changeRoleInput, transferOwnershipInput, type ChangeRoleFields, type MemberDto } from "./members.schemas";
import * as repo from "./members.repo";

export async function listMembers(ctx: TenantContext): Promise<MemberDto[]> {
  assertCan(ctx, "member.read");
  return withIdentity(ctx, (t) => repo.listMembers(t));
}

/** A page of the members, by joining date (members are few: read whole, paged here). */
export async function listMembersPage(ctx: TenantContext, query: PageOnlyQuery): Promise<CursorPage<MemberDto>> {
  const q = parseInput(pageOnlyQuery, query);
  const all = await listMembers(ctx);
  return pageInMemory("members", all, (m) => ({ createdAt: m.joinedAt, id: m.userId }), q.limit, q.cursor);
}

async function lockedMembership(t: TenantScope, userId: string) {
  const all = await repo.lockMembers(t);
  const target = all.find((m) => m.userId === userId);
  const owners = all.filter((m) => m.role === "owner").length;
  return { target, owners, all };
}

/**
 * No escalation: nobody grants a role above their own; only owners make owners; admins manage
 * members only (never an owner or another admin); the last owner cannot be demoted.
 */
export async function changeMemberRole(ctx: TenantContext, userId: string, input: ChangeRoleFields): Promise<MemberDto["role"]> {
  assertCan(ctx, "member.change_role");
  const { role } = parseInput(changeRoleInput, input);
  if (ROLE_RANK[role] > ROLE_RANK[ctx.role]) throw new AppError("forbidden", "You cannot grant a role above your own");
  return withIdentity(ctx, async (t) => {
    const { target, owners } = await lockedMembership(t, userId);
    if (!target) throw AppError.notFound("Member");
    const current = target.role as Role;
    if (ctx.role !== "owner" && current !== "member") {
      throw new AppError("forbidden", "Admins can only change the role of members");
    }
    if (current === role) return role;
    if (current === "owner" && owners <= 1) {
      throw new AppError("conflict", "The last owner cannot be demoted; transfer ownership first");
    }
    await repo.setMemberRole(t, userId, role);
    forgetCachedKeysOf(ctx.workspaceId, userId);
    await recordAuditEvent(t, ctx, {
      action: "member.role_changed",
      targetType: "member",
      targetId: userId,
      detail: { from: current, to: role },
    });
    return role;
  });
}

export async function removeMember(ctx: TenantContext, userId: string): Promise<void> {
  assertCan(ctx, "member.remove");
  if (userId === ctx.userId) throw new AppError("conflict", "To remove yourself, leave the workspace instead");
  await withIdentity(ctx, async (t) => {
    const { target, owners } = await lockedMembership(t, userId);
    if (!target) throw AppError.notFound("Member");
    if (ctx.role !== "owner" && target.role !== "member") {
      throw new AppError("forbidden", "Admins can only remove members");
    }
    if (target.role === "owner" && owners <= 1) throw new AppError("conflict", "The last owner cannot be removed");
    await repo.deleteMember(t, userId);
    await repo.clearActiveWorkspace(t, userId);
    forgetCachedKeysOf(ctx.workspaceId, userId);
    await recordAuditEvent(t, ctx, { action: "member.removed", targetType: "member", targetId: userId, detail: { role: target.role } });
  });
}

export async function leaveWorkspace(ctx: TenantContext): Promise<void> {
  assertCan(ctx, "member.leave");
  await withIdentity(ctx, async (t) => {
    const { target, owners } = await lockedMembership(t, ctx.userId);
    if (!target) throw AppError.notFound("Member");
    if (target.role === "owner" && owners <= 1) {
      throw new AppError("conflict", "You are the last owner: transfer ownership to another member before leaving");
    }
    await repo.deleteMember(t, ctx.userId);
    await repo.clearActiveWorkspace(t, ctx.userId);
    forgetCachedKeysOf(ctx.workspaceId, ctx.userId);
    await recordAuditEvent(t, ctx, { action: "member.left", targetType: "member", targetId: ctx.userId, detail: { role: target.role } });
  });
}

/** The owner hands ownership to an existing member: they become owner, the caller admin, in one transaction. */
export async function transferOwnership(ctx: TenantContext, input: z.input<typeof transferOwnershipInput>): Promise<void> {
  assertCan(ctx, "workspace.transfer");
  const { userId } = parseInput(transferOwnershipInput, input);
  if (userId === ctx.userId) throw new AppError("conflict", "You already own this workspace");
  await withIdentity(ctx, async (t) => {
    const { target, all } = await lockedMembership(t, userId);
    if (!target) throw AppError.notFound("Member");
    if (target.role === "owner") throw new AppError("conflict", "This member is already an owner");
    const me = all.find((m) => m.userId === ctx.userId);
    if (me?.role !== "owner") throw new AppError("forbidden", "Only an owner can transfer ownership");
    await repo.setMemberRole(t, userId, "owner");
    await repo.setMemberRole(t, ctx.userId, "admin");
    forgetCachedKeysOf(ctx.workspaceId, ctx.userId);
    await recordAuditEvent(t, ctx, {
      action: "workspace.transferred",
      targetType: "member",
      targetId: userId,
      detail: { previousRole: target.role },
    });
  });
}

/** Inside an invitation's transaction: is this email already a member of the workspace? */
export async function hasMemberWithEmail(t: TenantScope, email: string): Promise<boolean> {
  return repo.memberEmailExists(t, email);
}

/** Inside an invitation's transaction: makes the workspace the session's active one. */
export async function activateWorkspace(t: TenantScope, user: { userId: string; sessionId: string }): Promise<void> {
  await repo.setSessionWorkspace(t, user.sessionId, user.userId);
}

/**
 * Inside an invitation's transaction: adds the membership (false when it already existed) and makes
 * the workspace the accepting session's active one.
 */
export async function joinFromInvitation(t: TenantScope, user: { userId: string; sessionId: string }, role: Role): Promise<boolean> {
  const created = await repo.insertMember(t, user.userId, role);
  await repo.setSessionWorkspace(t, user.sessionId, user.userId);
  return created;
}
