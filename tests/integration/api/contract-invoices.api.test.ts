import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor, type ListBody } from "../../support/api";

/** /api/v1/invoices…: list, create, read, update, delete, send, void, pdf — shapes, rules, cross-workspace ids. */
const owner = ownerSql();
afterAll(() => owner.end());

interface LineBody {
  id: string;
  position: number;
  description: string;
  quantity: string;
  unit_price: string;
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  unit_code: string;
  vat_category: string | null;
  tax_rate: string;
  discount: unknown;
  net: string;
  tax: string;
}

interface InvoiceBody {
  id: string;
  number: string | null;
  status: string;
  client_id: string;
  client_name: string;
  currency: string;
  issue_date: string;
  due_date: string;
  total: string;
  amount_paid: string;
  balance_due: string;
  subtotal: string;
  discount_total: string;
  tax_total: string;
  notes: string | null;
  discount: unknown;
  lines: LineBody[];
  taxes: { tax_rate_id: string; name: string; rate: string; taxable: string; tax: string }[];
  duplicated_from_id: string | null;
  sent_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  created_at: string;
  updated_at: string;
}

const SUMMARY_KEYS = [
  "amount_paid",
  "balance_due",
  "client_id",
  "client_name",
  "created_at",
  "currency",
  "due_date",
  "id",
  "issue_date",
  "number",
  "status",
  "total",
  "updated_at",
];
const INVOICE_KEYS = [
  ...SUMMARY_KEYS,
  "buyer_reference",
  "discount",
  "discount_total",
  "duplicated_from_id",
  "lines",
  "notes",
  "paid_at",
  "purchase_order_reference",
  "sent_at",
  "subtotal",
  "tax_total",
  "taxes",
  "voided_at",
].sort();

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "inv");
  other = await workspaceFixture(owner, "owner", "inv-other");
  token = await keyFor(fx.actor, "admin");
});

const newDraft = async (body: Record<string, unknown> = {}) =>
  expectJson(
    await api<InvoiceBody>("POST", "/api/v1/invoices", {
      token,
      body: {
        client_id: fx.clientId,
        lines: [
          { description: "Design", quantity: "2", unit_price: "10.00", tax_rate_id: fx.taxRateId },
          { description: "Travel", quantity: 1.5, unit_price: "4" },
        ],
        ...body,
      },
    }),
    201,
  );

describe("invoices: success shapes", () => {
  it("GET /invoices lists summaries newest first; filters by status and client", async () => {
    const list = expectJson(await api<ListBody<InvoiceBody>>("GET", "/api/v1/invoices", { token }), 200);
    expect(list.data.map((i) => i.id)).toEqual([fx.sentInvoiceId, fx.draftInvoiceId]);
    expect(list.next_cursor).toBeNull();
    for (const i of list.data) expect(Object.keys(i).sort()).toEqual(SUMMARY_KEYS);
    expect(list.data[0]).toMatchObject({
      number: "INV-0001",
      status: "sent",
      currency: "EUR",
      total: "100.00",
      amount_paid: "10.00",
      balance_due: "90.00",
      client_name: "Fixture Client",
    });
    const sent = expectJson(await api<ListBody<InvoiceBody>>("GET", "/api/v1/invoices?status=sent,overdue", { token }), 200);
    expect(sent.data.map((i) => i.id)).toEqual([fx.sentInvoiceId]);
    const byClient = expectJson(await api<ListBody<InvoiceBody>>("GET", `/api/v1/invoices?client_id=${fx.spareClientId}`, { token }), 200);
    expect(byClient.data).toHaveLength(0);
  });

  it("POST /invoices creates a draft (201) with totals computed on the server as decimal strings", async () => {
    const inv = await newDraft({ notes: "Thanks" });
    expect(Object.keys(inv).sort()).toEqual(INVOICE_KEYS);
    expect(inv).toMatchObject({
      number: null,
      status: "draft",
      client_id: fx.clientId,
      currency: "EUR",
      subtotal: "26.00",
      discount_total: "0.00",
      tax_total: "4.00",
      total: "30.00",
      amount_paid: "0.00",
      balance_due: "0.00",
      notes: "Thanks",
      buyer_reference: null,
      purchase_order_reference: null,
      discount: null,
      sent_at: null,
      paid_at: null,
      voided_at: null,
    });
    expect(
      inv.lines.map((l) => [l.position, l.description, l.quantity, l.unit_code, l.unit_price, l.tax_rate, l.vat_category, l.net, l.tax]),
    ).toEqual([
      [1, "Design", "2", "C62", "10.00", "20", "S", "20.00", "4.00"],
      [2, "Travel", "1.5", "C62", "4.00", "0", null, "6.00", "0.00"],
    ]);
    expect(inv.taxes).toEqual([{ tax_rate_id: fx.taxRateId, name: "VAT 20%", rate: "20", taxable: "20.00", tax: "4.00" }]);
    expect(expectJson(await api<InvoiceBody>("GET", `/api/v1/invoices/${inv.id}`, { token }), 200)).toEqual(inv);
  });

  it("PATCH /invoices/{id} edits a draft (lines replace all lines); a sent invoice is 409", async () => {
    const inv = await newDraft();
    const patched = expectJson(
      await api<InvoiceBody>("PATCH", `/api/v1/invoices/${inv.id}`, {
        token,
        body: { notes: "Edited", lines: [{ description: "Only", quantity: "3", unit_price: "1.10" }] },
      }),
      200,
    );
    expect(patched).toMatchObject({ id: inv.id, notes: "Edited", subtotal: "3.30", tax_total: "0.00", total: "3.30" });
    expect(patched.lines).toHaveLength(1);
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    expectProblem(await api("PATCH", `/api/v1/invoices/${fx.sentInvoiceId}`, { token, body: { notes: "Too late" } }), 409, "invalid_state");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("POST /invoices/{id}/send numbers and sends a draft (200); sending again is 409", async () => {
    const inv = await newDraft();
    const sent = expectJson(await api<InvoiceBody>("POST", `/api/v1/invoices/${inv.id}/send`, { token }), 200);
    // INV-0001 is the fixture's; the counter skips numbers already taken.
    expect(sent).toMatchObject({ id: inv.id, status: "sent", number: "INV-0002", total: "30.00", balance_due: "30.00" });
    expect(typeof sent.sent_at).toBe("string");
    expectProblem(await api("POST", `/api/v1/invoices/${inv.id}/send`, { token }), 409, "invalid_state");
    const empty = expectJson(await api<InvoiceBody>("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId } }), 201);
    expectProblem(await api("POST", `/api/v1/invoices/${empty.id}/send`, { token }), 409, "invalid_state");
  });

  it("POST /invoices/{id}/void voids an unpaid invoice (200); one with payments is 409", async () => {
    const inv = await newDraft();
    const voided = expectJson(await api<InvoiceBody>("POST", `/api/v1/invoices/${inv.id}/void`, { token }), 200);
    expect(voided.status).toBe("void");
    expect(typeof voided.voided_at).toBe("string");
    expectProblem(await api("POST", `/api/v1/invoices/${inv.id}/void`, { token }), 409, "invalid_state");
    expectProblem(await api("POST", `/api/v1/invoices/${fx.sentInvoiceId}/void`, { token }), 409, "invalid_state");
  });

  it("DELETE /invoices/{id} deletes a draft (204, then 404); a sent invoice is 409", async () => {
    const inv = await newDraft();
    const res = await api("DELETE", `/api/v1/invoices/${inv.id}`, { token });
    expect([res.status, res.body]).toEqual([204, null]);
    expectProblem(await api("GET", `/api/v1/invoices/${inv.id}`, { token }), 404, "not_found");
    expectProblem(await api("DELETE", `/api/v1/invoices/${fx.sentInvoiceId}`, { token }), 409, "invalid_state");
  });

  it("GET /invoices/{id}/pdf answers a PDF attachment named after the number", async () => {
    const res = await api<{ text: string }>("GET", `/api/v1/invoices/${fx.sentInvoiceId}/pdf`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="INV-0001.pdf"');
    expect(res.body.text.startsWith("%PDF-")).toBe(true);
    const draft = await api("GET", `/api/v1/invoices/${fx.draftInvoiceId}/pdf`, { token });
    expect(draft.headers.get("content-disposition")).toBe(`attachment; filename="draft-${fx.draftInvoiceId.slice(0, 8)}.pdf"`);
  });
});

describe("invoices: validation", () => {
  it("answers 400 to unknown fields, wrong types, a missing client_id and bad list parameters; nothing is created", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const bodies: unknown[] = [
      { client_id: fx.clientId, workspace_id: other.workspaceId },
      { client_id: fx.clientId, status: "paid" },
      { client_id: fx.clientId, total: "1.00" },
      { client_id: fx.clientId, lines: "none" },
      { client_id: fx.clientId, lines: [{ description: "X", quantity: "1", unit_price: "1", net: "1" }] },
      { client_id: fx.clientId, lines: [{ description: "X", quantity: true, unit_price: "1" }] },
      { client_id: "not-a-uuid" },
      { currency: "EUR" },
      { client_id: fx.clientId, discount: { kind: "fixed", value: "1" } },
    ];
    for (const body of bodies) expectProblem(await api("POST", "/api/v1/invoices", { token, body }), 400, "bad_request");
    expectProblem(await api("PATCH", `/api/v1/invoices/${fx.draftInvoiceId}`, { token, body: { number: "INV-9999" } }), 400, "bad_request");
    for (const q of ["limit=101", "limit=0", "client_id=nope"])
      expectProblem(await api("GET", `/api/v1/invoices?${q}`, { token }), 400, "bad_request");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 422 with field errors to rule violations; nothing is created", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const post = (body: Record<string, unknown>) => api("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId, ...body } });
    const currency = expectProblem(await post({ currency: "XYZ" }), 422, "validation_failed");
    expect(fieldErrors(currency, "currency")).toEqual(["Unknown currency code"]);
    const precise = expectProblem(
      await post({ lines: [{ description: "X", quantity: "1", unit_price: "10.005" }] }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(precise, "lines.0.unit_price")).toEqual(["EUR amounts have at most 2 decimal places"]);
    const zero = expectProblem(await post({ lines: [{ description: "X", quantity: "0", unit_price: "1" }] }), 422, "validation_failed");
    expect(fieldErrors(zero, "lines.0.quantity")).toEqual(["Quantity must be above zero"]);
    const dates = expectProblem(await post({ issue_date: "2026-03-10", due_date: "2026-03-01" }), 422, "validation_failed");
    expect(fieldErrors(dates, "due_date")).toEqual(["The due date cannot be before the issue date"]);
    const bad = expectProblem(await post({ issue_date: "2026-02-30" }), 422, "validation_failed");
    expect(fieldErrors(bad, "issue_date")).toEqual(["Not a real date"]);
    const discount = expectProblem(await post({ discount: { kind: "percent", value: "150" } }), 422, "validation_failed");
    expect(fieldErrors(discount, "discount.value")).toEqual(["A discount is at most 100 %"]);
    expectProblem(await api("PATCH", `/api/v1/invoices/${fx.draftInvoiceId}`, { token, body: {} }), 422, "validation_failed");
    expectProblem(await api("GET", "/api/v1/invoices?status=lost", { token }), 422, "validation_failed");
    expectProblem(await api("GET", "/api/v1/invoices?issued_from=2026-03-10&issued_to=2026-03-01", { token }), 422, "validation_failed");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

describe("invoices: another workspace's ids", () => {
  it("answer 404 on every /invoices/{id} operation and 422 as a client_id; the other workspace is unchanged", async () => {
    const before = await workspaceSnapshot(owner, other.workspaceId);
    const mineBefore = await workspaceSnapshot(owner, fx.workspaceId);
    for (const id of [other.draftInvoiceId, other.sentInvoiceId]) {
      expectProblem(await api("GET", `/api/v1/invoices/${id}`, { token }), 404, "not_found");
      expectProblem(await api("GET", `/api/v1/invoices/${id}/pdf`, { token }), 404, "not_found");
      expectProblem(await api("PATCH", `/api/v1/invoices/${id}`, { token, body: { notes: "Hijacked" } }), 404, "not_found");
      expectProblem(await api("POST", `/api/v1/invoices/${id}/send`, { token }), 404, "not_found");
      expectProblem(await api("POST", `/api/v1/invoices/${id}/void`, { token }), 404, "not_found");
      expectProblem(await api("DELETE", `/api/v1/invoices/${id}`, { token }), 404, "not_found");
    }
    const foreignClient = expectProblem(
      await api("POST", "/api/v1/invoices", { token, body: { client_id: other.clientId } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(foreignClient, "client_id")).toEqual(["Choose a client of this workspace"]);
    const move = expectProblem(
      await api("PATCH", `/api/v1/invoices/${fx.draftInvoiceId}`, { token, body: { client_id: other.clientId } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(move, "client_id")).toEqual(["Choose a client of this workspace"]);
    expect(await workspaceSnapshot(owner, other.workspaceId)).toEqual(before);
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(mineBefore);
  });
});
