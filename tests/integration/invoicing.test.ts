import type { CreateInvoiceFields } from "@/modules/invoices/invoices.schemas";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { appErrorOf } from "../support/outcome";
import { sql } from "drizzle-orm";
import { AppError } from "@/platform/errors";
import { withTenant } from "@/platform/db/tenant";
import { pinClockForTests, setClockForTests, today } from "@/lib/clock";
import * as invoices from "@/modules/invoices/invoices.service";
import * as payments from "@/modules/payments/payments.service";
import * as taxRates from "@/modules/tax-rates/tax-rates.service";
import * as settings from "@/modules/invoice-settings/invoice-settings.service";
import { getDashboard } from "@/modules/dashboard/dashboard.service";
import { runOverdueJob } from "@/modules/invoices/overdue-job";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../support/fixtures";

const owner = ownerSql();
afterAll(() => owner.end());
// The dates below are written around 20 November 2026: the app clock is pinned there, whatever the real date.
const TODAY = "2026-11-20T10:00:00Z";
beforeEach(() => pinClockForTests(TODAY));
afterEach(() => setClockForTests(null));

async function draftWithTax(fx: WorkspaceFixture) {
  const vat = await taxRates.createTaxRate(fx.actor, { name: `VAT ${Math.random().toString(36).slice(2, 6)}`, rate: "20" });
  return invoices.createInvoice(fx.actor, {
    clientId: fx.clientId,
    issueDate: "2026-11-01",
    dueDate: "2026-12-01",
    lines: [
      { description: "Design sprint", quantity: "2", unitPrice: "150.00", taxRateId: vat.id },
      { description: "Hosting", quantity: "1", unitPrice: "99.99", taxRateId: null },
    ],
  });
}

describe("invoices: totals, validation and tenancy", () => {
  it("computes the totals on the server, exactly", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const inv = await draftWithTax(fx);
    expect(inv).toMatchObject({
      status: "draft",
      number: null,
      currency: "EUR",
      subtotalMinor: 39999,
      taxMinor: 6000,
      totalMinor: 45999,
      // A draft owes nothing until it is sent.
      balanceDueMinor: 0,
    });
    expect(inv.taxes).toEqual([expect.objectContaining({ rateMilliPercent: 20000, taxableMinor: 30000, taxMinor: 6000 })]);
    expect(inv.lines.map((l) => [l.position, l.netMinor, l.taxMinor])).toEqual([
      [1, 30000, 6000],
      [2, 9999, 0],
    ]);
    // Discounts: 10 % off the invoice, 5.00 off one line.
    const edited = await invoices.updateInvoice(fx.actor, inv.id, {
      discount: { kind: "percent", value: "10" },
      lines: [
        { description: "Design sprint", quantity: "2", unitPrice: "150.00", taxRateId: inv.lines[0]!.taxRateId },
        { description: "Hosting", quantity: "1", unitPrice: "99.99", discount: { kind: "amount", value: "5" } },
      ],
    });
    // subtotal 300 + 94.99 = 394.99; discount 39.50; shares 30.00 / 9.50; tax 20 % of 270.00 = 54.00
    expect(edited).toMatchObject({ subtotalMinor: 39499, discountMinor: 3950, taxMinor: 5400, totalMinor: 39499 - 3950 + 5400 });
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const other = await workspaceFixture(owner, "owner");
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const cases: [Record<string, unknown>, string][] = [
      [{ clientId: other.clientId, lines: [] }, "clientId"],
      [{ clientId: fx.clientId, lines: [{ description: "x", quantity: "0", unitPrice: "1" }] }, "lines.0.quantity"],
      [{ clientId: fx.clientId, lines: [{ description: "x", quantity: "1.2345", unitPrice: "1" }] }, "lines.0.quantity"],
      [{ clientId: fx.clientId, currency: "JPY", lines: [{ description: "x", quantity: "1", unitPrice: "10.5" }] }, "lines.0.unitPrice"],
      [{ clientId: fx.clientId, lines: [{ description: "x", quantity: "1", unitPrice: "-3" }] }, "lines.0.unitPrice"],
      [
        { clientId: fx.clientId, lines: [{ description: "x", quantity: "1", unitPrice: "1", taxRateId: other.taxRateId }] },
        "lines.0.taxRateId",
      ],
      [{ clientId: fx.clientId, lines: [{ description: "", quantity: "1", unitPrice: "1" }] }, "lines.0.description"],
      [{ clientId: fx.clientId, issueDate: "2026-02-30" }, "issueDate"],
      [{ clientId: fx.clientId, issueDate: "2026-05-10", dueDate: "2026-05-01" }, "dueDate"],
      [{ clientId: fx.clientId, discount: { kind: "percent", value: "120" } }, "discount.value"],
      [{ clientId: fx.clientId, workspaceId: other.workspaceId }, "_form"],
    ];
    for (const [input, field] of cases) {
      const err = await appErrorOf(invoices.createInvoice(fx.actor, input as CreateInvoiceFields));
      expect([err.code, Object.keys(err.fieldErrors ?? {})]).toEqual(["validation_failed", expect.arrayContaining([field])]);
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("makes an invoice that points at another workspace's client impossible, even by a raw insert as the tenant role", async () => {
    const a = await workspaceFixture(owner, "owner");
    const b = await workspaceFixture(owner, "owner");
    const err = await withTenant(a.actor, (t) =>
      t.db.execute(
        sql`insert into invoices (workspace_id, client_id, currency, issue_date, due_date) values (${a.workspaceId}, ${b.clientId}, 'EUR', ${today()}, ${today()})`,
      ),
    ).catch((e: unknown) => e);
    expect(((err as Error).cause as { code?: string }).code).toBe("23503");
    const lineErr = await withTenant(a.actor, (t) =>
      t.db
        .execute(sql`insert into invoice_lines (workspace_id, invoice_id, position, description, quantity_milli, unit_price_minor, net_minor, tax_minor)
                       values (${a.workspaceId}, ${b.draftInvoiceId}, 9, 'smuggled', 1, 1, 1, 0)`),
    ).catch((e: unknown) => e);
    expect(((lineErr as Error).cause as { code?: string }).code).toBe("23503");
    const payErr = await withTenant(a.actor, (t) =>
      t.db.execute(
        sql`insert into payments (workspace_id, invoice_id, amount_minor, paid_on, method) values (${b.workspaceId}, ${b.sentInvoiceId}, 1, ${today()}, 'cash')`,
      ),
    ).catch((e: unknown) => e);
    expect(((payErr as Error).cause as { message?: string }).message).toMatch(/row-level security/);
  });

  it("treats every id of another workspace as not found and changes nothing there", async () => {
    const a = await workspaceFixture(owner, "owner");
    const b = await workspaceFixture(owner, "owner");
    const before = await workspaceSnapshot(owner, b.workspaceId);
    const calls: (() => Promise<unknown>)[] = [
      () => invoices.getInvoice(a.actor, b.draftInvoiceId),
      () => invoices.updateInvoice(a.actor, b.draftInvoiceId, { notes: "x" }),
      () => invoices.deleteInvoice(a.actor, b.draftInvoiceId),
      () => invoices.sendInvoice(a.actor, b.draftInvoiceId),
      () => invoices.voidInvoice(a.actor, b.draftInvoiceId),
      () => invoices.duplicateInvoice(a.actor, b.sentInvoiceId),
      () => invoices.getInvoicePdf(a.actor, b.sentInvoiceId),
      () => payments.recordPayment(a.actor, b.sentInvoiceId, { amount: "1", paidOn: "2026-11-01", method: "cash" }),
      () => payments.listPayments(a.actor, b.sentInvoiceId),
      () => payments.deletePayment(a.actor, b.paymentId),
      () => taxRates.getTaxRate(a.actor, b.taxRateId),
      () => taxRates.updateTaxRate(a.actor, b.taxRateId, { rate: "1" }),
      () => taxRates.archiveTaxRate(a.actor, b.taxRateId),
      () => taxRates.deleteTaxRate(a.actor, b.taxRateId),
    ];
    for (const call of calls) expect((await appErrorOf(call())).code).toBe("not_found");
    expect(await invoices.countInvoices(a.actor, {})).toBe(2);
    expect(await workspaceSnapshot(owner, b.workspaceId)).toEqual(before);
  });
});

describe("numbering", () => {
  it("50 concurrent sends in one workspace get 50 distinct consecutive numbers; another workspace starts its own INV-0001", async () => {
    const fx = await workspaceFixture(owner, "admin", "numbering");
    await owner`delete from payments where workspace_id = ${fx.workspaceId}`;
    await owner`delete from invoices where workspace_id = ${fx.workspaceId} and number is not null`; // the fixture's pre-numbered invoice
    const drafts = [];
    for (let i = 0; i < 50; i++) {
      drafts.push(
        await invoices.createInvoice(fx.actor, {
          clientId: fx.clientId,
          lines: [{ description: `Item ${i}`, quantity: "1", unitPrice: "10" }],
        }),
      );
    }
    const sent = await Promise.all(drafts.map((d) => invoices.sendInvoice(fx.actor, d.id)));
    const numbers = sent.map((s) => s.number!).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `INV-${String(i + 1).padStart(4, "0")}`));
    const other = await workspaceFixture(owner, "owner", "numbering2");
    await owner`delete from payments where workspace_id = ${other.workspaceId}`;
    await owner`delete from invoices where workspace_id = ${other.workspaceId} and number is not null`;
    const first = await invoices.sendInvoice(other.actor, other.draftInvoiceId);
    expect(first.number).toBe("INV-0001");
    // Drafts have no number, so abandoned drafts leave no gaps; the prefix is the workspace's.
    await settings.updateInvoiceSettings(other.actor, { numberPrefix: "ACME-", numberPadding: 3 });
    const d = await invoices.createInvoice(other.actor, {
      clientId: other.clientId,
      lines: [{ description: "x", quantity: "1", unitPrice: "1" }],
    });
    await invoices.createInvoice(other.actor, {
      clientId: other.clientId,
      lines: [{ description: "abandoned", quantity: "1", unitPrice: "1" }],
    });
    expect((await invoices.sendInvoice(other.actor, d.id)).number).toBe("ACME-002");
  });

  it("skips a number that is already taken", async () => {
    const fx = await workspaceFixture(owner, "owner"); // its sent invoice already holds INV-0001
    expect((await invoices.sendInvoice(fx.actor, fx.draftInvoiceId)).number).toBe("INV-0002");
  });
});

describe("lifecycle", () => {
  it("only drafts are editable or deletable; illegal transitions answer 409 naming the status", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const e1 = await appErrorOf(invoices.updateInvoice(fx.actor, fx.sentInvoiceId, { notes: "x" }));
    expect([e1.code, e1.status, e1.message]).toEqual(["invalid_state", 409, expect.stringContaining("sent")]);
    expect((await appErrorOf(invoices.deleteInvoice(fx.actor, fx.sentInvoiceId))).message).toContain("sent");
    expect((await appErrorOf(invoices.sendInvoice(fx.actor, fx.sentInvoiceId))).code).toBe("invalid_state");
    expect(
      (await appErrorOf(payments.recordPayment(fx.actor, fx.draftInvoiceId, { amount: "1", paidOn: "2026-11-01", method: "cash" })))
        .message,
    ).toContain("draft");
    expect((await appErrorOf(invoices.voidInvoice(fx.actor, fx.sentInvoiceId))).message).toMatch(/payments/);
    const voided = await invoices.voidInvoice(fx.actor, fx.draftInvoiceId);
    expect(voided.status).toBe("void");
    expect((await appErrorOf(invoices.sendInvoice(fx.actor, fx.draftInvoiceId))).message).toContain("void");
    const copy = await invoices.duplicateInvoice(fx.actor, fx.sentInvoiceId);
    expect(copy).toMatchObject({
      status: "draft",
      number: null,
      totalMinor: 10000,
      amountPaidMinor: 0,
      duplicatedFromId: fx.sentInvoiceId,
    });
    expect(copy.lines.map((l) => l.description)).toEqual(["Design"]);
    await invoices.deleteInvoice(fx.actor, copy.id);
    expect((await appErrorOf(invoices.getInvoice(fx.actor, copy.id))).code).toBe("not_found");
  });

  it("refuses to send an empty invoice", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const empty = await invoices.createInvoice(fx.actor, { clientId: fx.clientId });
    expect((await appErrorOf(invoices.sendInvoice(fx.actor, empty.id))).message).toMatch(/at least one line/);
  });
});

describe("payments", () => {
  it("partial then final payment marks paid; overpayment is refused; deleting a payment reopens", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const inv = await invoices.sendInvoice(fx.actor, (await draftWithTax(fx)).id);
    expect(inv.status).toBe("sent");
    await payments.recordPayment(fx.actor, inv.id, { amount: "200.00", paidOn: "2026-11-10", method: "bank_transfer", reference: "TX-1" });
    expect(await invoices.getInvoice(fx.actor, inv.id)).toMatchObject({ status: "sent", amountPaidMinor: 20000, balanceDueMinor: 25999 });
    const over = await appErrorOf(payments.recordPayment(fx.actor, inv.id, { amount: "260.00", paidOn: "2026-11-11", method: "card" }));
    expect([over.code, over.fieldErrors?.amount?.[0]]).toEqual(["validation_failed", expect.stringContaining("259.99")]);
    expect((await appErrorOf(payments.recordPayment(fx.actor, inv.id, { amount: "0", paidOn: "2026-11-11", method: "card" }))).code).toBe(
      "validation_failed",
    );
    expect(
      (await appErrorOf(payments.recordPayment(fx.actor, inv.id, { amount: "1.001", paidOn: "2026-11-11", method: "card" }))).code,
    ).toBe("validation_failed");
    expect(
      (await appErrorOf(payments.recordPayment(fx.actor, inv.id, { amount: "1", paidOn: "2026-11-11", method: "cheque" as "card" }))).code,
    ).toBe("validation_failed");
    const last = await payments.recordPayment(fx.actor, inv.id, { amount: "259.99", paidOn: "2026-11-12", method: "card" });
    const paid = await invoices.getInvoice(fx.actor, inv.id);
    expect(paid).toMatchObject({ status: "paid", amountPaidMinor: 45999, balanceDueMinor: 0 });
    expect(paid.paidAt).toBeInstanceOf(Date);
    expect(
      (await appErrorOf(payments.recordPayment(fx.actor, inv.id, { amount: "1", paidOn: "2026-11-13", method: "cash" }))).message,
    ).toContain("paid");
    await payments.deletePayment(fx.actor, last.id);
    expect(await invoices.getInvoice(fx.actor, inv.id)).toMatchObject({ status: "sent", balanceDueMinor: 25999, paidAt: null });
    expect((await payments.listPayments(fx.actor, inv.id)).map((p) => p.amountMinor)).toEqual([20000]);
    const actions = (await workspaceSnapshot(owner, fx.workspaceId)).audit.map((a) => a.action).sort();
    expect(actions).toEqual(
      [
        "invoice.created",
        "invoice.paid",
        "invoice.reopened",
        "invoice.sent",
        "invoice_link.created",
        "payment.deleted",
        "payment.recorded",
        "payment.recorded",
        "tax_rate.created",
      ].sort(),
    );
  });

  it("concurrent payments can never together exceed the balance", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const inv = await invoices.createInvoice(fx.actor, {
      clientId: fx.clientId,
      lines: [{ description: "Retainer", quantity: "1", unitPrice: "100.00" }],
    });
    await invoices.sendInvoice(fx.actor, inv.id);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        payments.recordPayment(fx.actor, inv.id, { amount: "20.00", paidOn: "2026-11-20", method: "card" }).then(
          () => "ok",
          (e: unknown) => (e instanceof AppError ? e.code : "error"),
        ),
      ),
    );
    expect(results.filter((r) => r === "ok").length).toBe(5);
    expect(results.filter((r) => r !== "ok").every((r) => r === "validation_failed" || r === "invalid_state")).toBe(true);
    expect(await invoices.getInvoice(fx.actor, inv.id)).toMatchObject({ status: "paid", amountPaidMinor: 10000, balanceDueMinor: 0 });
    const [sum] = await owner<{ s: number }[]>`select sum(amount_minor)::int as s from payments where invoice_id = ${inv.id}`;
    expect(sum!.s).toBe(10000);
  });
});

describe("overdue job", () => {
  it("marks sent invoices past due as overdue, in batches, idempotently, even when run twice at once", async () => {
    const fx = await workspaceFixture(owner, "owner", "overdue");
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const d = await invoices.createInvoice(fx.actor, {
        clientId: fx.clientId,
        issueDate: "2026-09-01",
        dueDate: "2026-12-31",
        lines: [{ description: `Job ${i}`, quantity: "1", unitPrice: "10" }],
      });
      ids.push((await invoices.sendInvoice(fx.actor, d.id)).id);
    }
    setClockForTests(() => new Date("2027-01-15T12:00:00Z"));
    const lines: string[] = [];
    const [r1, r2] = await Promise.all([runOverdueJob({ batchSize: 3, log: (l) => lines.push(l) }), runOverdueJob({ batchSize: 3 })]);
    expect(r1.marked + r2.marked).toBeGreaterThanOrEqual(8); // 7 + the fixture's sent invoice (due in 30 days from today)
    const rows = await owner<
      { status: string; n: number }[]
    >`select status, count(*)::int as n from invoices where workspace_id = ${fx.workspaceId} group by status order by status`;
    expect(rows).toEqual([
      { status: "draft", n: 1 },
      { status: "overdue", n: 8 },
    ]);
    const [audit] = await owner<
      { n: number }[]
    >`select count(*)::int as n from audit_events where workspace_id = ${fx.workspaceId} and action = 'invoice.overdue'`;
    expect(audit!.n).toBe(8);
    expect(lines.some((l) => /overdue: workspace \d+\/\d+ \(overdue-.*\) batch \d+: \d+ marked overdue/.test(l))).toBe(true);
    const again = await runOverdueJob({ batchSize: 3 });
    const [still] = await owner<
      { n: number }[]
    >`select count(*)::int as n from audit_events where workspace_id = ${fx.workspaceId} and action = 'invoice.overdue'`;
    expect(still!.n).toBe(8);
    expect(again.workspaces).toBeGreaterThan(0);
    // A payment on an overdue invoice works, and paying it off marks it paid.
    await payments.recordPayment(fx.actor, ids[0]!, { amount: "10", paidOn: "2027-01-15", method: "cash" });
    expect((await invoices.getInvoice(fx.actor, ids[0]!)).status).toBe("paid");
  });
});

describe("output", () => {
  it("renders a PDF with number, client and total", async () => {
    const fx = await workspaceFixture(owner, "owner");
    await owner`update clients set name = 'Zoë Ångström Łódź' where workspace_id = ${fx.workspaceId} and id = ${fx.clientId}`;
    await settings.updateInvoiceSettings(fx.actor, { senderLegalName: "Fixture Studio GmbH", senderAddress: "Hauptstraße 1\nBerlin" });
    const inv = await invoices.sendInvoice(fx.actor, (await draftWithTax(fx)).id);
    const { filename, pdf } = await invoices.getInvoicePdf(fx.actor, inv.id);
    expect(filename).toBe(`${inv.number}.pdf`);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const dir = mkdtempSync(path.join(tmpdir(), "wl-pdf-"));
    writeFileSync(path.join(dir, "i.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "i.pdf"), "-"], { encoding: "utf8" });
    expect(text).toContain(inv.number!);
    expect(text).toContain("Zoë Ångström Łódź");
    expect(text).toContain("459.99");
    expect(text).toContain("Fixture Studio GmbH");
  });

  it("exports CSV respecting the filters", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const csv = await invoices.exportInvoicesCsv(fx.actor, { status: "sent" });
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines.length).toBe(2);
    expect(lines[1]).toContain("INV-0001");
    expect(lines[1]).toContain("100.00");
    const all = await invoices.exportInvoicesCsv(fx.actor, {});
    expect(all.trim().split("\r\n").length).toBe(3);
    expect((await appErrorOf(invoices.exportInvoicesCsv(fx.actor, { status: "bogus" }))).code).toBe("validation_failed");
  });

  it("feeds the dashboard: outstanding, overdue, paid this month and 12 months of history", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const inv = await invoices.sendInvoice(fx.actor, (await draftWithTax(fx)).id);
    await payments.recordPayment(fx.actor, inv.id, { amount: "100", paidOn: "2026-11-15", method: "cash" });
    const d = await getDashboard(fx.actor);
    expect(d.outstanding).toEqual([{ currency: "EUR", amountMinor: 9000 + 35999, count: 2 }]);
    expect(d.paidThisMonth).toEqual([{ currency: "EUR", amountMinor: 10000 + 1000, count: 2 }]);
    expect(d.overdue).toEqual([]);
    expect(d.months.length).toBe(12);
    expect(d.months[11]).toBe("2026-11");
    const nov = d.monthly.find((m) => m.month === "2026-11" && m.currency === "EUR")!;
    expect(nov).toEqual({ month: "2026-11", currency: "EUR", invoicedMinor: 10000 + 45999, paidMinor: 11000 });
    setClockForTests(() => new Date("2027-01-05T10:00:00Z"));
    const later = await getDashboard(fx.actor);
    expect(later.overdue).toEqual([{ currency: "EUR", amountMinor: 44999, count: 2 }]);
    // The fixture's sent invoice is issued on the pinned day and due 30 days later.
    expect(later.mostOverdue.map((i) => i.dueDate)).toEqual(["2026-12-01", "2026-12-20"]);
  });
});
