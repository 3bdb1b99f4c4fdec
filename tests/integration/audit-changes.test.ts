import { afterAll, describe, expect, it } from "vitest";
import { createClient, updateClient } from "@/modules/clients/clients.service";
import * as invoices from "@/modules/invoices/invoices.service";
import { createTaxRate, updateTaxRate } from "@/modules/tax-rates/tax-rates.service";
import { listAuditEvents } from "@/modules/audit/audit.service";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture } from "../support/fixtures";

const owner = ownerSql();
afterAll(() => owner.end());

describe("the audit log records only the fields that changed", () => {
  it("a name-only edit of a client, an invoice and a tax rate names only what changed; an edit that changes nothing records nothing", async () => {
    const fx = await workspaceFixture(owner, "owner", "audit-changes");
    const events = async (action: "client.updated" | "invoice.updated" | "tax_rate.updated") =>
      (await listAuditEvents(fx.actor, { action, limit: 100 })).items;

    const all = { name: "Acme", email: "ap@acme.test", billingAddress: "1 Road", taxId: "DE1", currency: "EUR", notes: "n" };
    const client = await createClient(fx.actor, all);
    await updateClient(fx.actor, client.id, { ...all, name: "Acme GmbH" });
    await updateClient(fx.actor, client.id, { ...all, name: "Acme GmbH" });
    const clientEvents = (await events("client.updated")).filter((e) => e.targetId === client.id);
    expect(clientEvents.map((e) => e.detail)).toEqual([{ fields: ["name"], name: "Acme GmbH" }]);

    const lines = [{ description: "Work", quantity: "2", unitPrice: "250.00", taxRateId: null }];
    const draft = await invoices.createInvoice(fx.actor, { clientId: client.id, issueDate: fx.today, dueDate: fx.today, lines });
    await invoices.updateInvoice(fx.actor, draft.id, {
      clientId: client.id,
      issueDate: fx.today,
      dueDate: fx.today,
      notes: "Thanks",
      lines,
    });
    await invoices.updateInvoice(fx.actor, draft.id, {
      clientId: client.id,
      issueDate: fx.today,
      dueDate: fx.today,
      notes: "Thanks",
      lines,
    });
    const invoiceEvents = (await events("invoice.updated")).filter((e) => e.targetId === draft.id);
    expect(invoiceEvents.map((e) => e.detail)).toEqual([{ fields: ["notes"], totalMinor: 50000, currency: "EUR" }]);

    const rate = await createTaxRate(fx.actor, { name: "Reduced", rate: "7" });
    await updateTaxRate(fx.actor, rate.id, { name: "Reduced rate", rate: "7" });
    const rateEvents = (await events("tax_rate.updated")).filter((e) => e.targetId === rate.id);
    expect(rateEvents.map((e) => e.detail)).toEqual([{ fields: ["name"], name: "Reduced rate" }]);
  });
});
