import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { now, pinClockForTests, setClockForTests } from "@/lib/clock";
import * as invoices from "@/modules/invoices/invoices.service";
import { getDashboard } from "@/modules/dashboard/dashboard.service";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture } from "../support/fixtures";
import { api, expectJson, keyFor } from "../support/api";

const owner = ownerSql();
afterAll(() => owner.end());
beforeEach(() => pinClockForTests("2026-11-20T10:00:00Z"));
afterEach(() => setClockForTests(null));

/** The "Balance due" cell of the CSV row whose first cells are this number (or empty, a draft) and status. */
function csvBalance(csv: string, invoiceStatus: string, total: string): string | undefined {
  const rows = csv
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .map((line) => line.split(","));
  const header = rows[0]!;
  const row = rows.find((r) => r[header.indexOf("Status")] === invoiceStatus && r[header.indexOf("Total")] === total);
  return row?.[header.indexOf("Balance due")];
}

describe("balance due: a draft or void invoice owes nothing, everywhere", () => {
  it("is 0 for a draft and a void invoice, the total less payments for a sent one: service, API, CSV and dashboard agree", async () => {
    const fx = await workspaceFixture(owner, "owner", "balance");
    const token = await keyFor(fx.actor, "admin");
    const draft = await invoices.createInvoice(fx.actor, {
      clientId: fx.clientId,
      issueDate: "2026-11-01",
      dueDate: "2026-12-01",
      lines: [{ description: "Workshop", quantity: "1", unitPrice: "250.00", taxRateId: null }],
    });
    expect(draft).toMatchObject({ status: "draft", totalMinor: 25000, balanceDueMinor: 0 });
    const apiDraft = expectJson(await api<{ balance_due: string }>("GET", `/api/v1/invoices/${draft.id}`, { token }), 200);
    expect(apiDraft.balance_due).toBe("0.00");
    expect(csvBalance(await invoices.exportInvoicesCsv(fx.actor, {}), "draft", "250.00")).toBe("0.00");

    const sent = await invoices.sendInvoice(fx.actor, draft.id);
    expect(sent).toMatchObject({ status: "sent", balanceDueMinor: 25000 });
    const outstandingBefore = (await getDashboard(fx.actor)).outstanding.find((o) => o.currency === "EUR");
    // The fixture's sent invoice owes 90.00; this one 250.00.
    expect(outstandingBefore).toMatchObject({ amountMinor: 9000 + 25000, count: 2 });

    const voided = await invoices.voidInvoice(fx.actor, draft.id);
    expect(voided).toMatchObject({ status: "void", totalMinor: 25000, balanceDueMinor: 0 });
    const apiVoid = expectJson(await api<{ balance_due: string; total: string }>("GET", `/api/v1/invoices/${draft.id}`, { token }), 200);
    expect(apiVoid).toMatchObject({ total: "250.00", balance_due: "0.00" });
    const list = expectJson(
      await api<{ data: { id: string; balance_due: string }[] }>("GET", "/api/v1/invoices?status=void", { token }),
      200,
    );
    expect(list.data.find((i) => i.id === draft.id)?.balance_due).toBe("0.00");
    expect(csvBalance(await invoices.exportInvoicesCsv(fx.actor, {}), "void", "250.00")).toBe("0.00");
    expect((await getDashboard(fx.actor)).outstanding.find((o) => o.currency === "EUR")).toMatchObject({ amountMinor: 9000, count: 1 });

    // The fixture's draft, written straight into the table, owes nothing too.
    expect(csvBalance(await invoices.exportInvoicesCsv(fx.actor, {}), "draft", "100.00")).toBe("0.00");
  });

  it("the database refuses a draft or void invoice that owes something (the rule holds for every writer)", async () => {
    const fx = await workspaceFixture(owner, "owner", "balance-db");
    for (const status of ["draft", "void"]) {
      const attempt = owner`
        insert into invoices (workspace_id, client_id, number, status, currency, issue_date, due_date, subtotal_minor, total_minor, balance_due_minor, voided_at)
        values (${fx.workspaceId}, ${fx.clientId}, ${`X-${status}`}, ${status}, 'EUR', date '2026-11-01', date '2026-12-01', 500, 500, 500, ${now().toISOString()}::timestamptz)`;
      await expect(attempt).rejects.toThrow(/invoices_nothing_owed_unless_sent/);
    }
  });

  it("the OpenAPI document says so", async () => {
    const doc = expectJson(
      await api<{ components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> } }>(
        "GET",
        "/api/v1/openapi.json",
      ),
      200,
    );
    expect(doc.components.schemas.InvoiceSummary!.properties.balance_due!.description).toMatch(/0 for draft and void invoices/);
  });
});
