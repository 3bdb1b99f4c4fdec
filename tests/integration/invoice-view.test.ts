import { afterAll, describe, expect, it } from "vitest";
import { onTenantTransaction } from "@/platform/db/tenant";
import { getInvoiceView } from "@/modules/invoices/invoice-view";
import { getInvoice, getInvoiceLink, listInvoiceDeliveries } from "@/modules/invoices/invoices.service";
import { listPayments } from "@/modules/payments/payments.service";
import { getInvoiceReminders } from "@/modules/reminders/reminders.service";
import { getClient } from "@/modules/clients/clients.service";
import { getInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import type { Role } from "@/platform/permissions";
import { ownerSql } from "../support/auth-client";
import { appErrorOf } from "../support/outcome";
import { workspaceFixture } from "../support/fixtures";

const owner = ownerSql();
afterAll(() => owner.end());

/** Runs `work` and counts the tenant transactions it began, per workspace. */
async function countingTransactions<T>(work: () => Promise<T>): Promise<{ result: T; opened: Map<string, number> }> {
  const opened = new Map<string, number>();
  const stop = onTenantTransaction((workspaceId) => opened.set(workspaceId, (opened.get(workspaceId) ?? 0) + 1));
  try {
    return { result: await work(), opened };
  } finally {
    stop();
  }
}

describe("the invoice page's view", () => {
  it.each<Role>(["owner", "admin", "member"])("reads what the five separate reads return, in one transaction (%s)", async (role) => {
    const fx = await workspaceFixture(owner, role);
    for (const id of [fx.draftInvoiceId, fx.sentInvoiceId]) {
      const { result: view, opened } = await countingTransactions(() => getInvoiceView(fx.actor, id));
      expect(opened).toEqual(new Map([[fx.workspaceId, 1]]));

      // The same content the page would read with five transactions (the counter does see them).
      const separate = await countingTransactions(async () => {
        const invoice = await getInvoice(fx.actor, id);
        const [payments, client, settings, link] = await Promise.all([
          listPayments(fx.actor, id),
          getClient(fx.actor, invoice.clientId),
          getInvoiceSettings(fx.actor),
          getInvoiceLink(fx.actor, id),
        ]);
        return { invoice, payments, client, settings, link };
      });
      expect(separate.opened.get(fx.workspaceId)).toBe(5);
      // Besides: its emails (as the deliveries list reads them) and the send dialog's starting point.
      const { deliveries, emailDraft, reminders, ...rest } = view;
      expect(reminders).toEqual(await getInvoiceReminders(fx.actor, id));
      expect(rest).toEqual(separate.result);
      expect(deliveries).toEqual(await listInvoiceDeliveries(fx.actor, id));
      expect(emailDraft.to).toEqual([]);
      expect(emailDraft.subject).toMatch(/^Invoice (INV-0001|\{invoice_number\}) from /);
    }
    const { result: sent } = await countingTransactions(() => getInvoiceView(fx.actor, fx.sentInvoiceId));
    expect(sent.payments.map((p) => [p.id, p.amountMinor, p.currency])).toEqual([[fx.paymentId, 1000, "EUR"]]);
    expect(sent.client.id).toBe(fx.clientId);
  });

  it("is not found for a member of another workspace, for a missing id and for a malformed one", async () => {
    const fx = await workspaceFixture(owner, "member");
    const stranger = await workspaceFixture(owner, "owner");
    const ids = [fx.sentInvoiceId, fx.draftInvoiceId, crypto.randomUUID(), "not-a-uuid", "", `${fx.sentInvoiceId}x`];
    for (const id of ids) {
      const { result: err, opened } = await countingTransactions(() => appErrorOf(getInvoiceView(stranger.actor, id)));
      expect([id, err.code, err.message]).toEqual([id, "not_found", "Invoice not found"]);
      // Never inside the invoice's own workspace; at most one transaction in the stranger's.
      expect(opened.get(fx.workspaceId)).toBeUndefined();
      expect(opened.get(stranger.workspaceId) ?? 0).toBeLessThanOrEqual(1);
    }
    // The stranger's own invoices still read fine, and the owner's view of the same id works.
    expect((await getInvoiceView(stranger.actor, stranger.sentInvoiceId)).invoice.id).toBe(stranger.sentInvoiceId);
    expect((await getInvoiceView(fx.actor, fx.sentInvoiceId)).invoice.id).toBe(fx.sentInvoiceId);
  });
});
