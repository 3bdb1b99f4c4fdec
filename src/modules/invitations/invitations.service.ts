import { createHash, randomBytes } from "node:crypto";
import { assertMemberRoom, workspacePlan } from "@/modules/plans/plans.service";
import { appUrl } from "@/platform/config";
import { assertCan, isRole, ROLE_RANK, ROLES, type Role } from "@/platform/permissions";
import { withIdentity, type TenantContext } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { assertUnderRateLimit, consumeRateLimit } from "@/platform/rate-limit";
import { parseInput } from "@/platform/validation";
import { listOutbox, sendEmail } from "@/platform/mailer";
import { now } from "@/lib/clock";
import { asUserId, asWorkspaceId, isUuid, type UserId } from "@/lib/ids";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { activateWorkspace, hasMemberWithEmail, joinFromInvitation } from "@/modules/members/members.service";
import {
  createInvitationInput,
  invitationTokenSchema,
  INVITATION_TTL_MS,
  type InvitationDto,
  type InvitationState,
  type PublicInvitation,
  type CreateInvitationFields,
} from "./invitations.schemas";
import { pageInMemory, pageOnlyQuery, type CursorPage, type PageOnlyQuery } from "@/platform/pagination";
import * as repo from "./invitations.repo";
import { invitationGone } from "./invitation-gone";

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const TOKEN_MISSES_PER_MINUTE = 20;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function invitationLink(token: string): string {
  return `${appUrl()}/invite/${token}`;
}

function stateOf(row: { status: string; expiresAt: Date }, at: Date): InvitationState {
  if (row.status === "accepted" || row.status === "revoked" || row.status === "replaced") return row.status;
  return row.expiresAt.getTime() <= at.getTime() ? "expired" : "pending";
}

function inviteEmail(to: string, workspaceName: string, inviter: string, role: string, link: string, expiresAt: Date) {
  return {
    to,
    subject: `${inviter} invited you to ${workspaceName} on Workledger`,
    text:
      `${inviter} invited you to join the workspace "${workspaceName}" on Workledger as ${role}.\n\n` +
      `Accept the invitation: ${link}\n\n` +
      `The link works until ${expiresAt.toUTCString()}. If you did not expect this, you can ignore this email.\n`,
  };
}

export interface SentInvitation {
  id: string;
  link: string;
  emailSent: boolean;
  emailError?: string;
}

async function deliver(
  ctx: TenantContext & { workspaceName?: string },
  to: string,
  role: Role,
  token: string,
  expiresAt: Date,
): Promise<Pick<SentInvitation, "emailSent" | "emailError">> {
  const link = invitationLink(token);
  const inviter = ctx.actorLabel.replace(/\s*<[^>]*>$/, "");
  try {
    await sendEmail(ctx.workspaceId, inviteEmail(to, ctx.workspaceName ?? "a workspace", inviter, role, link, expiresAt), {
      kind: "invitation",
      audienceRole: role,
    });
    return { emailSent: true };
  } catch (err) {
    // The invitation stands; the inviter sees the link and can resend.
    return { emailSent: false, emailError: err instanceof Error ? err.message : String(err) };
  }
}

/*
 * Acting on an invitation needs the same right as creating one with its role: nobody sees, resends,
 * revokes, replaces or reads the email of an invitation for a role above their own (an admin who
 * could resend an owner invitation would get an owner link for themselves).
 */
function rolesUpTo(role: Role): Role[] {
  return ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[role]);
}

/** The invitation's role when the caller may act on it; forbidden when it is above the caller's. */
function roleWithinReach(ctx: TenantContext, invitationRole: string): Role {
  if (!isRole(invitationRole) || ROLE_RANK[invitationRole] > ROLE_RANK[ctx.role]) {
    throw new AppError(
      "forbidden",
      `This invitation is for the role ${invitationRole}, above your own (${ctx.role}): only someone with that role can manage it`,
    );
  }
  return invitationRole;
}

/**
 * The emails kept when no SMTP server is configured: they hold live invitation links, so inviters
 * only, and each only to those who could have sent it (its role no higher than the viewer's).
 */
export async function listOutboxEmails(ctx: TenantContext) {
  assertCan(ctx, "member.invite");
  return listOutbox(ctx.workspaceId, ctx.role);
}

/** Pending and expired invitations, for the roles up to the caller's own. */
/** A page of the open invitations, oldest first (they are few: read whole, paged here). */
export async function listInvitationsPage(ctx: TenantContext, query: PageOnlyQuery): Promise<CursorPage<InvitationDto>> {
  const q = parseInput(pageOnlyQuery, query);
  const all = await listInvitations(ctx);
  return pageInMemory("invitations", all, (i) => ({ createdAt: i.createdAt, id: i.id }), q.limit, q.cursor);
}

export async function listInvitations(ctx: TenantContext): Promise<InvitationDto[]> {
  assertCan(ctx, "invitation.read");
  const at = now();
  const rows = await withIdentity(ctx, (t) => repo.listInvitations(t, rolesUpTo(ctx.role)));
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    state: stateOf(r, at),
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
    inviterName: r.inviterName,
  }));
}

/**
 * Invites an email with a role no higher than the inviter's. Re-inviting an email replaces its
 * pending invitation (the old link stops working). The token exists only in the link.
 */
export async function createInvitation(
  ctx: TenantContext & { workspaceName?: string },
  input: CreateInvitationFields,
  meta: { ip: string },
): Promise<SentInvitation> {
  assertCan(ctx, "member.invite");
  const { email, role } = parseInput(createInvitationInput, input);
  if (ROLE_RANK[role] > ROLE_RANK[ctx.role]) throw new AppError("forbidden", "You cannot invite someone with a role above your own");
  await consumeRateLimit(`invite:workspace:${ctx.workspaceId}`, 50, HOUR);
  await consumeRateLimit(`invite:ip:${meta.ip}`, 100, HOUR);
  const at = now();
  const expiresAt = new Date(at.getTime() + INVITATION_TTL_MS);
  const { token, tokenHash } = newToken();
  const { plan } = await workspacePlan(ctx.workspaceId);
  const id = await withIdentity(ctx, async (t) => {
    if (await hasMemberWithEmail(t, email)) throw new AppError("conflict", `${email} is already a member of this workspace`);
    // Re-inviting replaces the pending invitation: that is acting on it, so its role must not be above ours.
    await repo.lockInvitationsOfEmail(t, email);
    const pendingRole = await repo.findPendingRoleOfEmail(t, email);
    // Replacing a pending invitation takes no more room; a new one needs a free seat on the plan.
    if (pendingRole === undefined) await assertMemberRoom(t, plan);
    if (pendingRole !== undefined && (!isRole(pendingRole) || ROLE_RANK[pendingRole] > ROLE_RANK[ctx.role])) {
      throw new AppError(
        "forbidden",
        `${email} already has a pending invitation as ${pendingRole}, a role above yours: only someone with that role can replace it`,
      );
    }
    const saved = await repo.upsertPendingInvitation(t, { email, role, inviterId: ctx.userId, tokenHash, expiresAt, now: at });
    await recordAuditEvent(t, ctx, {
      action: "member.invited",
      targetType: "invitation",
      targetId: saved.id,
      detail: { email, role, replaced: saved.replaced },
    });
    return saved.id;
  });
  return { id, link: invitationLink(token), ...(await deliver(ctx, email, role, token, expiresAt)) };
}

/** A new token and a fresh 7 days, for a pending or expired invitation; the old link dies. */
export async function resendInvitation(
  ctx: TenantContext & { workspaceName?: string },
  id: string,
  meta: { ip: string },
): Promise<SentInvitation> {
  assertCan(ctx, "invitation.resend");
  if (!isUuid(id)) throw AppError.notFound("Invitation");
  await consumeRateLimit(`invite:workspace:${ctx.workspaceId}`, 50, HOUR);
  await consumeRateLimit(`invite:ip:${meta.ip}`, 100, HOUR);
  const at = now();
  const expiresAt = new Date(at.getTime() + INVITATION_TTL_MS);
  const { token, tokenHash } = newToken();
  const row = await withIdentity(ctx, async (t) => {
    const found = await repo.findInvitation(t, id);
    if (!found) throw AppError.notFound("Invitation");
    const role = roleWithinReach(ctx, found.role);
    if (found.status !== "pending") throw new AppError("conflict", `This invitation was already ${found.status}`);
    const saved = await repo.upsertPendingInvitation(t, {
      email: found.email,
      role: found.role,
      inviterId: ctx.userId,
      tokenHash,
      expiresAt,
      now: at,
    });
    await recordAuditEvent(t, ctx, {
      action: "invitation.resent",
      targetType: "invitation",
      targetId: saved.id,
      detail: { email: found.email, replaces: id },
    });
    return { ...found, role, id: saved.id };
  });
  return { id: row.id, link: invitationLink(token), ...(await deliver(ctx, row.email, row.role, token, expiresAt)) };
}

export async function revokeInvitation(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx, "invitation.revoke");
  if (!isUuid(id)) throw AppError.notFound("Invitation");
  await withIdentity(ctx, async (t) => {
    const found = await repo.findInvitation(t, id);
    if (!found) throw AppError.notFound("Invitation");
    roleWithinReach(ctx, found.role);
    if (found.status !== "pending") throw new AppError("conflict", `This invitation was already ${found.status}`);
    await repo.setInvitationStatus(t, id, "revoked", now());
    await recordAuditEvent(t, ctx, {
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: id,
      detail: { email: found.email },
    });
  });
}

/** The invitation of this token, read bound to its hash: the one cross-workspace read of invitations. */
function lookUpToken(token: string) {
  const invitationTokenHash = hashToken(token);
  return withIdentity({ invitationTokenHash }, (s) => repo.findByTokenHash(s, invitationTokenHash));
}

/**
 * Looks a token up. Only misses count against the caller's address (guessing produces nothing but
 * misses), so people opening a real link are never throttled; a caller over the limit is refused
 * before any lookup.
 */
async function findByToken(token: string, meta: { ip: string }) {
  const key = `invite-token-miss:ip:${meta.ip}`;
  await assertUnderRateLimit(key, TOKEN_MISSES_PER_MINUTE, MINUTE);
  const row = invitationTokenSchema.safeParse(token).success ? await lookUpToken(token) : undefined;
  if (!row) {
    await consumeRateLimit(key, TOKEN_MISSES_PER_MINUTE, MINUTE);
    throw AppError.notFound("Invitation");
  }
  return row;
}

function goneError(
  state: Exclude<InvitationState, "pending">,
  row: { workspaceName: string; inviterName: string; expiresAt: Date },
): AppError {
  return new AppError("gone", invitationGone({ ...row, state }).message);
}

/** For sign-up from an invitation link: the pending, unexpired invitation of this token, if any. */
export async function findPendingInvitation(token: string): Promise<{ email: string } | undefined> {
  if (!invitationTokenSchema.safeParse(token).success) return undefined;
  const row = await lookUpToken(token);
  return row && stateOf(row, now()) === "pending" ? { email: row.email } : undefined;
}

/** What the public invite page shows: workspace, inviter, role, and whether the link still works. */
export async function getInvitationByToken(token: string, meta: { ip: string }): Promise<PublicInvitation> {
  const row = await findByToken(token, meta);
  return {
    workspaceName: row.workspaceName,
    inviterName: row.inviterName,
    email: row.email,
    role: row.role,
    state: stateOf(row, now()),
    expiresAt: row.expiresAt,
  };
}

export interface AcceptingUser {
  userId: UserId;
  sessionId: string;
  name: string;
  email: string;
}

/**
 * Accepts as the signed-in user, who must be the invited email (case-insensitive) and have verified
 * it (signing up through the invitation link counts, for that address only). The membership is
 * created and the invitation consumed in one transaction: of two concurrent accepts exactly one wins.
 */
export async function acceptInvitation(
  user: AcceptingUser,
  token: string,
  meta: { ip: string },
): Promise<{ workspaceId: string; alreadyMember: boolean }> {
  const row = await findByToken(token, meta);
  const state = stateOf(row, now());
  if (state !== "pending") throw goneError(state, row);
  if (row.email.toLowerCase() !== user.email.toLowerCase()) {
    throw new AppError("forbidden", `This invitation is for ${row.email}, but you are signed in as ${user.email}.`);
  }
  // The invitation goes to whoever owns the address: an account must have proven it owns it.
  if (!(await withIdentity({ workspaceId: null }, (s) => repo.isEmailVerified(s, user.userId)))) {
    throw new AppError(
      "forbidden",
      `Confirm your email address first: open the link we sent to ${user.email}, or send a new one, then accept.`,
    );
  }
  if (!isRole(row.role)) throw new AppError("conflict", "This invitation has an unknown role");
  const role = row.role;
  const workspaceId = asWorkspaceId(row.workspaceId);
  const actor = { userId: asUserId(user.userId), actorLabel: `${user.name} <${user.email}>` };
  return withIdentity({ workspaceId }, async (t) => {
    if (await hasMemberWithEmail(t, user.email)) {
      await activateWorkspace(t, user);
      return { workspaceId, alreadyMember: true };
    }
    const consumed = await repo.consumeInvitation(t, row.id, user.userId, now());
    if (!consumed) throw goneError("accepted", row);
    await joinFromInvitation(t, user, role);
    await recordAuditEvent(t, actor, {
      action: "member.joined",
      targetType: "member",
      targetId: user.userId,
      detail: { role, invitationId: row.id },
    });
    return { workspaceId, alreadyMember: false };
  });
}
