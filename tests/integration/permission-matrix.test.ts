import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomeOf } from "../support/outcome";
import { can, PERMISSIONS, ROLES, type Action } from "@/platform/permissions";
import { resetRateLimitsForTests } from "@/platform/rate-limit";
import { resolveTenant, renameWorkspace, deleteWorkspace, getWorkspaceSettings } from "@/modules/workspaces/workspaces.service";
import * as members from "@/modules/members/members.service";
import * as invitations from "@/modules/invitations/invitations.service";
import * as clients from "@/modules/clients/clients.service";
import { listAuditEvents } from "@/modules/audit/audit.service";
import { getJobActivity } from "@/modules/jobs/jobs.service";
import * as settings from "@/modules/invoice-settings/invoice-settings.service";
import * as taxRates from "@/modules/tax-rates/tax-rates.service";
import * as reminders from "@/modules/reminders/reminders.service";
import * as invoices from "@/modules/invoices/invoices.service";
import * as payments from "@/modules/payments/payments.service";
import * as apiKeys from "@/modules/api-keys/api-keys.service";
import type { ResolvedTenant } from "@/modules/workspaces/workspaces.service";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../support/fixtures";

const owner = ownerSql();
afterAll(() => owner.end());

type Target = Pick<
  WorkspaceFixture,
  | "clientId"
  | "spareClientId"
  | "memberUserId"
  | "invitationId"
  | "taxRateId"
  | "draftInvoiceId"
  | "sentInvoiceId"
  | "paymentId"
  | "apiKeyId"
>;

function targetOf(fx: WorkspaceFixture): Target {
  const { clientId, spareClientId, memberUserId, invitationId, taxRateId, draftInvoiceId, sentInvoiceId, paymentId, apiKeyId } = fx;
  return { clientId, spareClientId, memberUserId, invitationId, taxRateId, draftInvoiceId, sentInvoiceId, paymentId, apiKeyId };
}

interface Probe {
  /** Performs the action in the actor's own workspace, on the given targets. */
  run(ctx: ResolvedTenant, target: Target, fx: WorkspaceFixture): Promise<unknown>;
  /** Whether the action names a resource by id (so another workspace's id must answer 404). */
  targetsResource: boolean;
}

let ipCounter = 0;
const meta = () => ({ ip: `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}` });

/** One probe per action of the permission table; a new action without a probe fails to compile and the test below. */
const PROBES: Record<Action, Probe> = {
  "workspace.read": { targetsResource: false, run: (ctx) => getWorkspaceSettings(ctx) },
  "workspace.update": { targetsResource: false, run: (ctx) => renameWorkspace(ctx, { name: "Renamed In Matrix" }) },
  "workspace.delete": { targetsResource: false, run: (ctx, _t, fx) => deleteWorkspace(ctx, { confirmName: fx.name }) },
  "workspace.transfer": { targetsResource: true, run: (ctx, t) => members.transferOwnership(ctx, { userId: t.memberUserId }) },
  "member.read": { targetsResource: false, run: (ctx) => members.listMembers(ctx) },
  "member.invite": {
    targetsResource: false,
    run: (ctx) => invitations.createInvitation(ctx, { email: `new-${ipCounter}@matrix.test`, role: "member" }, meta()),
  },
  "member.change_role": { targetsResource: true, run: (ctx, t) => members.changeMemberRole(ctx, t.memberUserId, { role: "admin" }) },
  "member.remove": { targetsResource: true, run: (ctx, t) => members.removeMember(ctx, t.memberUserId) },
  "member.leave": { targetsResource: false, run: (ctx) => members.leaveWorkspace(ctx) },
  "invitation.read": { targetsResource: false, run: (ctx) => invitations.listInvitations(ctx) },
  "invitation.resend": { targetsResource: true, run: (ctx, t) => invitations.resendInvitation(ctx, t.invitationId, meta()) },
  "invitation.revoke": { targetsResource: true, run: (ctx, t) => invitations.revokeInvitation(ctx, t.invitationId) },
  "audit.read": { targetsResource: false, run: (ctx) => listAuditEvents(ctx, {}) },
  "job.read": { targetsResource: false, run: (ctx) => getJobActivity(ctx) },
  "client.read": { targetsResource: true, run: (ctx, t) => clients.getClient(ctx, t.clientId) },
  "client.create": { targetsResource: false, run: (ctx) => clients.createClient(ctx, { name: "Matrix Client", currency: "EUR" }) },
  "client.update": { targetsResource: true, run: (ctx, t) => clients.updateClient(ctx, t.clientId, { name: "Matrix Renamed" }) },
  "client.archive": { targetsResource: true, run: (ctx, t) => clients.archiveClient(ctx, t.clientId) },
  "client.delete": { targetsResource: true, run: (ctx, t) => clients.deleteClient(ctx, t.spareClientId) },
  "invoice_settings.read": { targetsResource: false, run: (ctx) => settings.getInvoiceSettings(ctx) },
  "invoice_settings.update": { targetsResource: false, run: (ctx) => settings.updateInvoiceSettings(ctx, { paymentTermsDays: 14 }) },
  "reminders.manage": { targetsResource: false, run: (ctx) => reminders.setRemindersEnabled(ctx, { enabled: true }) },
  "tax_rate.read": { targetsResource: true, run: (ctx, t) => taxRates.getTaxRate(ctx, t.taxRateId) },
  "tax_rate.create": { targetsResource: false, run: (ctx) => taxRates.createTaxRate(ctx, { name: "GST", rate: "5" }) },
  "tax_rate.update": { targetsResource: true, run: (ctx, t) => taxRates.updateTaxRate(ctx, t.taxRateId, { rate: "21" }) },
  "tax_rate.archive": { targetsResource: true, run: (ctx, t) => taxRates.archiveTaxRate(ctx, t.taxRateId) },
  "tax_rate.delete": { targetsResource: true, run: (ctx, t) => taxRates.deleteTaxRate(ctx, t.taxRateId) },
  "invoice.read": { targetsResource: true, run: (ctx, t) => invoices.getInvoice(ctx, t.draftInvoiceId) },
  "invoice.create": {
    targetsResource: false,
    run: (ctx, t) =>
      invoices.createInvoice(ctx, { clientId: t.clientId, lines: [{ description: "Work", quantity: "1", unitPrice: "10" }] }),
  },
  "invoice.update": { targetsResource: true, run: (ctx, t) => invoices.updateInvoice(ctx, t.draftInvoiceId, { notes: "Updated" }) },
  "invoice.delete": { targetsResource: true, run: (ctx, t) => invoices.deleteInvoice(ctx, t.draftInvoiceId) },
  "invoice.duplicate": { targetsResource: true, run: (ctx, t) => invoices.duplicateInvoice(ctx, t.sentInvoiceId) },
  "invoice.send": { targetsResource: true, run: (ctx, t) => invoices.sendInvoice(ctx, t.draftInvoiceId) },
  "invoice.void": { targetsResource: true, run: (ctx, t) => invoices.voidInvoice(ctx, t.draftInvoiceId) },
  "invoice_link.manage": { targetsResource: true, run: (ctx, t) => invoices.regenerateInvoiceLink(ctx, t.sentInvoiceId) },
  "payment.read": { targetsResource: true, run: (ctx, t) => payments.listPayments(ctx, t.sentInvoiceId) },
  "payment.record": {
    targetsResource: true,
    run: (ctx, t, fx) => payments.recordPayment(ctx, t.sentInvoiceId, { amount: "10.00", paidOn: fx.today, method: "cash" }),
  },
  "payment.delete": { targetsResource: true, run: (ctx, t) => payments.deletePayment(ctx, t.paymentId) },
  "api_key.read": { targetsResource: false, run: (ctx) => apiKeys.listApiKeys(ctx) },
  "api_key.create": { targetsResource: false, run: (ctx) => apiKeys.createApiKey(ctx, { name: "Matrix key", role: "member" }) },
  "api_key.revoke": { targetsResource: true, run: (ctx, t) => apiKeys.revokeApiKey(ctx, t.apiKeyId) },
};

let other: WorkspaceFixture;
let otherBefore: Awaited<ReturnType<typeof workspaceSnapshot>>;

beforeAll(async () => {
  await resetRateLimitsForTests();
  other = await workspaceFixture(owner, "owner", "other");
  otherBefore = await workspaceSnapshot(owner, other.workspaceId);
});

describe("permission matrix: every action × every role × {own workspace, other workspace, non-member}", () => {
  it("has a probe for every action in the permission table", () => {
    expect(Object.keys(PROBES).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  for (const action of Object.keys(PERMISSIONS) as Action[]) {
    for (const role of ROLES) {
      const allowed = can(role, action);
      it(`${action} as ${role}: own workspace ${allowed ? "allowed" : "403"}, other workspace 404, non-member 404`, async () => {
        const probe = PROBES[action];
        const own = await workspaceFixture(owner, role);
        const target = targetOf(own);

        const before = await workspaceSnapshot(owner, own.workspaceId);
        const result = await outcomeOf(probe.run(own.actor, target, own));
        expect(result).toBe(allowed ? "ok" : "forbidden");
        if (!allowed) expect(await workspaceSnapshot(owner, own.workspaceId)).toEqual(before);

        if (probe.targetsResource) {
          // A fresh workspace, so an allowed first call above cannot have used up the target.
          const again = await workspaceFixture(owner, role);
          const foreign = targetOf(other);
          expect(await outcomeOf(probe.run(again.actor, foreign, again))).toBe(allowed ? "not_found" : "forbidden");
        }

        // Not a member of the other workspace: the tenant wall answers 404 before any service runs.
        expect(await outcomeOf(resolveTenant(own.actor.userId, other.workspaceId))).toBe("not_found");
      });
    }
  }

  it("left the other workspace exactly as it was", async () => {
    expect(await workspaceSnapshot(owner, other.workspaceId)).toEqual(otherBefore);
  });
});
