import { randomUUID } from "node:crypto";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { isRole } from "@/platform/permissions";
import { withIdentity, type TenantContext } from "@/platform/db/tenant";
import { asWorkspaceId, type UserId, type WorkspaceId } from "@/lib/ids";
import { slugify, suffixedSlug } from "@/lib/slug";
import type { z } from "@hono/zod-openapi";
import {
  createWorkspaceInput,
  deleteWorkspaceInput,
  renameWorkspaceInput,
  twoFactorRequirementInput,
  updateWorkspaceInput,
  type UpdateWorkspaceFields,
} from "./workspaces.schemas";
import { assertCan } from "@/platform/permissions";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { updateInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import type { InvoiceSettingsFields } from "@/modules/invoice-settings/invoice-settings.schemas";
import * as repo from "./workspaces.repo";

export interface WorkspaceSummary {
  workspaceId: WorkspaceId;
  name: string;
  slug: string;
  role: string;
}

/** "My workspaces": the user's own memberships, read outside any workspace (bound to the account only). */
export async function listMyWorkspaces(userId: UserId): Promise<WorkspaceSummary[]> {
  const rows = await withIdentity({ workspaceId: null }, (s) => repo.listMembershipsOfUser(s.db, userId));
  return rows.map((r) => ({ ...r, workspaceId: asWorkspaceId(r.workspaceId) }));
}

/**
 * The one way a workspace comes to be, for sign-up, onboarding and "new workspace" alike: the workspace
 * with the user as its owner, in one transaction, and, given the user's session, made that session's
 * active workspace (sign-up passes none: its session does not exist yet, and takes the returned id).
 * The slug is derived here from the name; a taken slug gets a random suffix. Called from Better Auth's
 * sign-up hook, it joins that transaction (withIdentity does), so the user and their workspace commit
 * together or not at all.
 */
export async function createWorkspace(
  user: { userId: UserId; sessionId?: string },
  input: z.input<typeof createWorkspaceInput>,
): Promise<WorkspaceSummary> {
  const { name } = parseInput(createWorkspaceInput, input);
  return withIdentity({ workspaceId: null }, async ({ db }) => {
    await refuseSameName(db, user.userId, name);
    const base = slugify(name);
    let created: { id: string; name: string; slug: string } | undefined;
    for (let attempt = 0; attempt < 5 && !created; attempt++) {
      created = await repo.insertWorkspace(db, { id: randomUUID(), name, slug: attempt === 0 ? base : suffixedSlug(base) });
    }
    if (!created) throw new AppError("conflict", "Could not find a free address for this workspace; try another name");
    const workspaceId = asWorkspaceId(created.id);
    await repo.insertMembership(db, { id: randomUUID(), workspaceId, userId: user.userId, role: "owner" });
    if (user.sessionId) await repo.setSessionActiveWorkspace(db, user.sessionId, user.userId, workspaceId);
    return { workspaceId, name: created.name, slug: created.slug, role: "owner" };
  });
}

/**
 * One person's workspaces have names they can tell apart (the switcher lists them by name): a name
 * another of the user's workspaces has — ignoring case and spaces — is refused next to the field.
 */
async function refuseSameName(
  db: Parameters<typeof repo.findSameNamedWorkspaceOfUser>[0],
  userId: UserId,
  name: string,
  exceptId?: WorkspaceId,
) {
  const same = await repo.findSameNamedWorkspaceOfUser(db, userId, name, exceptId);
  if (same) {
    const message = `You already have a workspace named "${same.name}"; choose another name`;
    throw new AppError("conflict", message, { name: [message] });
  }
}

/** The id of the workspace named by id or slug when the user is its member; undefined for any other (existing or not). */
export async function findMyWorkspace(userId: UserId, target: { id: string } | { slug: string }): Promise<WorkspaceId | undefined> {
  const row = await withIdentity({ workspaceId: null }, (s) => repo.findMembershipByIdOrSlug(s.db, userId, target));
  return row ? asWorkspaceId(row.workspaceId) : undefined;
}

/** The workspace a new session of this user starts in: their first membership's, or none. */
export async function firstWorkspaceOf(userId: UserId): Promise<WorkspaceId | null> {
  const [first] = await withIdentity({ workspaceId: null }, (s) => repo.listMembershipsOfUser(s.db, userId, "joined"));
  return first ? asWorkspaceId(first.workspaceId) : null;
}

/** Makes a workspace the session's active one; a workspace the user is not a member of is not found. */
export async function switchWorkspace(user: { userId: UserId; sessionId: string }, workspaceId: string): Promise<void> {
  const id = asWorkspaceId(workspaceId);
  await withIdentity({ workspaceId: id }, async ({ db }) => {
    const membership = await repo.findMembership(db, user.userId, id);
    if (!membership) throw AppError.notFound("Workspace");
    await repo.setSessionActiveWorkspace(db, user.sessionId, user.userId, id);
  });
}

export interface ResolvedTenant extends TenantContext {
  readonly workspaceName: string;
  readonly workspaceSlug: string;
  readonly requireTwoFactor: boolean;
}

/**
 * The tenant wall for people (sessions; API keys have their own): the membership and role are read
 * from the database on every request. A workspace the user does not belong to answers not found,
 * exactly like one that does not exist; one that requires two-factor authentication refuses a
 * member without it (`two_factor_required`, 403), whatever the page, action or API route.
 */
export async function resolveTenant(userId: UserId, activeWorkspaceId: string): Promise<ResolvedTenant> {
  const workspaceId = asWorkspaceId(activeWorkspaceId);
  const membership = await withIdentity({ workspaceId }, (t) => repo.findMembership(t.db, userId, workspaceId));
  if (!membership || !isRole(membership.role)) throw AppError.notFound("Workspace");
  if (membership.requireTwoFactor && !membership.userHasTwoFactor) {
    throw new AppError(
      "two_factor_required",
      `${membership.workspaceName} requires two-factor authentication: set it up on your account page (/account/two-factor), then come back`,
    );
  }
  return {
    userId,
    workspaceId: asWorkspaceId(membership.workspaceId),
    role: membership.role,
    actorLabel: `${membership.userName} <${membership.userEmail}>`,
    workspaceName: membership.workspaceName,
    workspaceSlug: membership.slug,
    requireTwoFactor: membership.requireTwoFactor,
  };
}

/** Everything setTwoFactorRequirement refuses, checked without changing anything (for requests that change several things). */
export async function checkTwoFactorRequirement(
  ctx: TenantContext,
  input: z.input<typeof twoFactorRequirementInput>,
): Promise<{ required: boolean }> {
  assertCan(ctx, "workspace.update");
  const { required } = parseInput(twoFactorRequirementInput, input);
  if (required && !(await withIdentity({ workspaceId: null }, (s) => repo.userHasTwoFactor(s.db, ctx.userId)))) {
    throw new AppError("conflict", "Set up two-factor authentication for your own account first (Account → Two-factor authentication)");
  }
  return { required };
}

/**
 * Owners turn "require two-factor authentication for members" on or off. Turning it on needs the
 * owner's own account to have it first (else the next request would lock them out). Audited.
 */
export async function setTwoFactorRequirement(
  ctx: TenantContext,
  input: z.input<typeof twoFactorRequirementInput>,
): Promise<{ required: boolean }> {
  const { required } = await checkTwoFactorRequirement(ctx, input);
  return withIdentity(ctx, async (t) => {
    const current = await repo.lockWorkspaceSecurity(t.db, ctx.workspaceId);
    if (!current) throw AppError.notFound("Workspace");
    if (current.requireTwoFactor === required) return { required };
    await repo.setRequireTwoFactor(t.db, ctx.workspaceId, required);
    await recordAuditEvent(t, ctx, {
      action: "workspace.two_factor_requirement_changed",
      targetType: "workspace",
      targetId: ctx.workspaceId,
      detail: { from: current.requireTwoFactor, to: required },
    });
    return { required };
  });
}

export async function getWorkspaceSettings(
  ctx: TenantContext,
): Promise<{ workspaceId: WorkspaceId; name: string; slug: string; role: string; requireTwoFactor: boolean }> {
  assertCan(ctx, "workspace.read");
  const membership = await withIdentity(ctx, (t) => repo.findMembership(t.db, ctx.userId, ctx.workspaceId));
  if (!membership) throw AppError.notFound("Workspace");
  return {
    workspaceId: ctx.workspaceId,
    name: membership.workspaceName,
    slug: membership.slug,
    role: membership.role,
    requireTwoFactor: membership.requireTwoFactor,
  };
}

/** Renames the workspace (owners). The slug stays as it was, so links and integrations keep working. */
export async function renameWorkspace(ctx: TenantContext, input: z.input<typeof renameWorkspaceInput>): Promise<{ name: string }> {
  assertCan(ctx, "workspace.update");
  const { name } = parseInput(renameWorkspaceInput, input);
  return withIdentity(ctx, async (t) => {
    const current = await repo.lockWorkspace(t.db, ctx.workspaceId);
    if (!current) throw AppError.notFound("Workspace");
    if (current.name === name) return { name };
    await refuseSameName(t.db, ctx.userId, name, ctx.workspaceId);
    await repo.renameWorkspace(t.db, ctx.workspaceId, name);
    await recordAuditEvent(t, ctx, {
      action: "workspace.renamed",
      targetType: "workspace",
      targetId: ctx.workspaceId,
      detail: { from: current.name, to: name },
    });
    return { name };
  });
}

/**
 * A rename and the two-factor requirement (owners) and invoicing settings (admins) in one request, as
 * PATCH /api/v1/workspace takes them. Every permission and every input is checked before anything is
 * written. The identity transaction (auth role) stays open while the settings' transaction (tenant
 * role) runs inside it, so refused or failing settings roll the rest back with them: two database
 * roles cannot share one transaction, and only a failure of the outer COMMIT, after the settings
 * committed, could still separate the two.
 */
export async function updateWorkspace(ctx: TenantContext, input: UpdateWorkspaceFields): Promise<void> {
  const { name, requireTwoFactor, sender, payment, ...numbering } = parseInput(updateWorkspaceInput, input);
  const given: InvoiceSettingsFields = {
    ...numbering,
    ...(sender?.legalName !== undefined ? { senderLegalName: sender.legalName } : {}),
    ...(sender?.address !== undefined ? { senderAddress: sender.address } : {}),
    ...(sender?.taxId !== undefined ? { senderTaxId: sender.taxId } : {}),
    ...(sender?.street !== undefined ? { senderStreet: sender.street } : {}),
    ...(sender?.city !== undefined ? { senderCity: sender.city } : {}),
    ...(sender?.postcode !== undefined ? { senderPostcode: sender.postcode } : {}),
    ...(sender?.countryCode !== undefined ? { senderCountryCode: sender.countryCode } : {}),
    ...(sender?.vatId !== undefined ? { senderVatId: sender.vatId } : {}),
    ...(sender?.registrationId !== undefined ? { senderRegistrationId: sender.registrationId } : {}),
    ...(sender?.endpointId !== undefined ? { senderEndpointId: sender.endpointId } : {}),
    ...(sender?.endpointScheme !== undefined ? { senderEndpointScheme: sender.endpointScheme } : {}),
    ...(payment?.accountHolder !== undefined ? { bankAccountHolder: payment.accountHolder } : {}),
    ...(payment?.iban !== undefined ? { bankIban: payment.iban } : {}),
    ...(payment?.bic !== undefined ? { bankBic: payment.bic } : {}),
    ...(payment?.instructions !== undefined ? { paymentInstructions: payment.instructions } : {}),
    ...(payment?.url !== undefined ? { paymentUrl: payment.url } : {}),
  };
  const settings = Object.keys(given).length > 0 ? given : undefined;
  if (name === undefined && requireTwoFactor === undefined && !settings) throw new AppError("validation_failed", "Nothing to update");
  if (name !== undefined) assertCan(ctx, "workspace.update");
  if (settings) assertCan(ctx, "invoice_settings.update");
  const twoFactor = requireTwoFactor !== undefined ? await checkTwoFactorRequirement(ctx, { required: requireTwoFactor }) : undefined;
  if (name === undefined && twoFactor === undefined) {
    await updateInvoiceSettings(ctx, given);
    return;
  }
  await withIdentity(ctx, async (t) => {
    // Not a full lock: the settings' transaction below writes rows referencing the workspace, and would wait for it forever.
    const current = await repo.lockWorkspace(t.db, ctx.workspaceId, "no key update");
    if (!current) throw AppError.notFound("Workspace");
    if (name !== undefined && current.name !== name) {
      await refuseSameName(t.db, ctx.userId, name, ctx.workspaceId);
      await repo.renameWorkspace(t.db, ctx.workspaceId, name);
      await recordAuditEvent(t, ctx, {
        action: "workspace.renamed",
        targetType: "workspace",
        targetId: ctx.workspaceId,
        detail: { from: current.name, to: name },
      });
    }
    if (twoFactor && current.requireTwoFactor !== twoFactor.required) {
      await repo.setRequireTwoFactor(t.db, ctx.workspaceId, twoFactor.required);
      await recordAuditEvent(t, ctx, {
        action: "workspace.two_factor_requirement_changed",
        targetType: "workspace",
        targetId: ctx.workspaceId,
        detail: { from: current.requireTwoFactor, to: twoFactor.required },
      });
    }
    if (settings) await updateInvoiceSettings(ctx, settings);
  });
}

/**
 * Deletes the workspace and, by cascade, every row it owns (owners only). The caller confirms by
 * typing the workspace's exact name. Other workspaces are untouched.
 */
export async function deleteWorkspace(ctx: TenantContext, input: z.input<typeof deleteWorkspaceInput>): Promise<void> {
  assertCan(ctx, "workspace.delete");
  const { confirmName } = parseInput(deleteWorkspaceInput, input);
  await withIdentity(ctx, async ({ db: tx }) => {
    const current = await repo.lockWorkspace(tx, ctx.workspaceId);
    if (!current) throw AppError.notFound("Workspace");
    if (confirmName.trim() !== current.name) {
      throw new AppError("validation_failed", "Type the workspace name exactly to confirm", {
        confirmName: [`Type "${current.name}" to confirm`],
      });
    }
    await repo.deleteWorkspace(tx, ctx.workspaceId);
  });
}

/**
 * For maintenance jobs only (never reachable from a request): every workspace's id and slug, from
 * the identity tables. Jobs then act on each workspace through its own tenant transaction.
 */
export async function listWorkspacesForJobs(): Promise<{ workspaceId: WorkspaceId; slug: string }[]> {
  const rows = await withIdentity({ workspaceId: null }, (s) => repo.listAllWorkspaces(s.db));
  return rows.map((r) => ({ workspaceId: asWorkspaceId(r.id), slug: r.slug }));
}

/**
 * The workspace's name, for the sender of a public invoice when the invoice settings name none. Only
 * for a workspace the caller already holds a credential of (the public link's lookup found it).
 */
export async function workspaceNameForInvoices(workspaceId: WorkspaceId): Promise<string> {
  return (await withIdentity({ workspaceId }, (t) => repo.findWorkspaceName(t.db, workspaceId))) ?? "";
}

/** At most this many other workspaces are tried for a link that is not in the active one. */
const ELSEWHERE_LIMIT = 20;

/**
 * For a link that is not found in the active workspace (an invoice or a client of another of the user's
 * workspaces): the first other workspace where `read` finds it, read as the user with their role
 * there — the same walls as a request in that workspace (membership re-read, the service's permission
 * check, `withTenant`). Only workspaces the user is a member of are tried, so someone who is not a member
 * learns nothing: undefined, exactly as for an id that exists nowhere. A workspace that requires
 * two-factor authentication the user has not set up is not tried.
 */
export async function findInOtherWorkspace(
  userId: UserId,
  activeWorkspaceId: string,
  read: (ctx: ResolvedTenant) => Promise<unknown>,
): Promise<WorkspaceSummary | undefined> {
  const others = (await listMyWorkspaces(userId)).filter((w) => w.workspaceId !== activeWorkspaceId).slice(0, ELSEWHERE_LIMIT);
  for (const workspace of others) {
    try {
      await read(await resolveTenant(userId, workspace.workspaceId));
      return workspace;
    } catch (err) {
      if (err instanceof AppError && (err.code === "not_found" || err.code === "two_factor_required" || err.code === "forbidden")) continue;
      throw err;
    }
  }
  return undefined;
}
