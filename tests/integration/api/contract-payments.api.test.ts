import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor, type ListBody } from "../../support/api";

/** GET/POST /api/v1/invoices/{id}/payments and DELETE /api/v1/payments/{id}. */
const owner = ownerSql();
afterAll(() => owner.end());

interface PaymentBody {
  id: string;
  invoice_id: string;
  amount: string;
  currency: string;
  paid_on: string;
  method: string;
  reference: string | null;
  created_at: string;
}

interface InvoiceState {
  status: string;
  amount_paid: string;
  balance_due: string;
  paid_at: string | null;
}

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "pay");
  other = await workspaceFixture(owner, "owner", "pay-other");
  token = await keyFor(fx.actor, "admin");
});

const invoiceState = async () => expectJson(await api<InvoiceState>("GET", `/api/v1/invoices/${fx.sentInvoiceId}`, { token }), 200);
const paymentRows = async () =>
  Number((await owner<{ n: string }[]>`select count(*) as n from payments where workspace_id = ${fx.workspaceId}`)[0]!.n);

describe("payments: success shapes", () => {
  it("GET lists an invoice's payments oldest first, in the invoice currency", async () => {
    const list = expectJson(await api<ListBody<PaymentBody>>("GET", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, { token }), 200);
    expect(list).toEqual({
      data: [
        {
          id: fx.paymentId,
          invoice_id: fx.sentInvoiceId,
          amount: "10.00",
          currency: "EUR",
          paid_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          method: "cash",
          reference: null,
          created_at: expect.any(String),
        },
      ],
      next_cursor: null,
    });
    expect(
      expectJson(await api<ListBody<PaymentBody>>("GET", `/api/v1/invoices/${fx.draftInvoiceId}/payments`, { token }), 200).data,
    ).toEqual([]);
  });

  it("POST records a payment (201); paying the balance marks the invoice paid; DELETE (204) re-opens it", async () => {
    const part = expectJson(
      await api<PaymentBody>("POST", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, {
        token,
        body: { amount: "40.50", paid_on: fx.today, method: "bank_transfer", reference: "  TX-1  " },
      }),
      201,
    );
    expect(part).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      invoice_id: fx.sentInvoiceId,
      amount: "40.50",
      currency: "EUR",
      paid_on: fx.today,
      method: "bank_transfer",
      reference: "TX-1",
      created_at: expect.any(String),
    });
    expect(await invoiceState()).toMatchObject({ status: "sent", amount_paid: "50.50", balance_due: "49.50", paid_at: null });

    const rest = expectJson(
      await api<PaymentBody>("POST", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, {
        token,
        body: { amount: 49.5, paid_on: fx.today, method: "card" },
      }),
      201,
    );
    expect(rest.amount).toBe("49.50");
    const paid = await invoiceState();
    expect(paid).toMatchObject({ status: "paid", amount_paid: "100.00", balance_due: "0.00" });
    expect(typeof paid.paid_at).toBe("string");
    expect(
      expectJson(await api<ListBody<PaymentBody>>("GET", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, { token }), 200).data.map(
        (p) => p.id,
      ),
    ).toEqual([fx.paymentId, part.id, rest.id]);

    const res = await api("DELETE", `/api/v1/payments/${rest.id}`, { token });
    expect([res.status, res.body]).toEqual([204, null]);
    expect(await invoiceState()).toMatchObject({ status: "sent", amount_paid: "50.50", balance_due: "49.50", paid_at: null });
    expectProblem(await api("DELETE", `/api/v1/payments/${rest.id}`, { token }), 404, "not_found");
    expect(await paymentRows()).toBe(2);
  });
});

describe("payments: validation", () => {
  it("answers 400 to unknown fields, wrong types and an unknown method; nothing is recorded", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const bodies: unknown[] = [
      { amount: "1", paid_on: fx.today, method: "cash", currency: "USD" },
      { amount: "1", paid_on: fx.today, method: "cheque" },
      { amount: true, paid_on: fx.today, method: "cash" },
      { amount: "1", method: "cash" },
      { amount: "1", paid_on: 20260115, method: "cash" },
      { amount: "1", paid_on: fx.today, method: "cash", invoice_id: other.sentInvoiceId },
    ];
    for (const body of bodies)
      expectProblem(await api("POST", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, { token, body }), 400, "bad_request");
    expectProblem(await api("GET", `/api/v1/invoices/${fx.sentInvoiceId}/payments?limit=101`, { token }), 400, "bad_request");
    expectProblem(await api("GET", `/api/v1/invoices/${fx.sentInvoiceId}/payments?cursor=garbage`, { token }), 400, "bad_request");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 422 with field errors to an overpayment, zero, negative or too precise amounts and an impossible date", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const { balance_due } = await invoiceState();
    const pay = (amount: unknown, paidOn = fx.today) =>
      api("POST", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, { token, body: { amount, paid_on: paidOn, method: "cash" } });
    const over = expectProblem(await pay("1000.00"), 422, "validation_failed");
    expect(fieldErrors(over, "amount")).toEqual([`That is more than the balance due of €${balance_due}`]);
    const justOver = expectProblem(await pay((Number(balance_due) + 0.01).toFixed(2)), 422, "validation_failed");
    expect(fieldErrors(justOver, "amount")).toHaveLength(1);
    expect(fieldErrors(expectProblem(await pay("0"), 422, "validation_failed"), "amount")).toEqual(["The amount must be above zero"]);
    expect(fieldErrors(expectProblem(await pay("-5"), 422, "validation_failed"), "amount")).toEqual(["The amount must not be negative"]);
    expect(fieldErrors(expectProblem(await pay("1.001"), 422, "validation_failed"), "amount")).toEqual([
      "EUR amounts have at most 2 decimal places",
    ]);
    expect(fieldErrors(expectProblem(await pay("1", "2026-02-30"), 422, "validation_failed"), "paid_on")).toEqual(["Not a real date"]);
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 409 to a payment on a draft or a void invoice", async () => {
    const created = expectJson(
      await api<{ id: string }>("POST", "/api/v1/invoices", {
        token,
        body: { client_id: fx.clientId, lines: [{ description: "X", quantity: "1", unit_price: "5" }] },
      }),
      201,
    );
    expect((await api("POST", `/api/v1/invoices/${created.id}/send`, { token })).status).toBe(200);
    expect((await api("POST", `/api/v1/invoices/${created.id}/void`, { token })).status).toBe(200);
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    for (const id of [fx.draftInvoiceId, created.id]) {
      expectProblem(
        await api("POST", `/api/v1/invoices/${id}/payments`, { token, body: { amount: "1", paid_on: fx.today, method: "cash" } }),
        409,
        "invalid_state",
      );
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

describe("payments: another workspace's ids", () => {
  it("answer 404 to list, record and delete; the other workspace is unchanged", async () => {
    const before = await workspaceSnapshot(owner, other.workspaceId);
    expectProblem(await api("GET", `/api/v1/invoices/${other.sentInvoiceId}/payments`, { token }), 404, "not_found");
    expectProblem(
      await api("POST", `/api/v1/invoices/${other.sentInvoiceId}/payments`, {
        token,
        body: { amount: "1.00", paid_on: fx.today, method: "cash" },
      }),
      404,
      "not_found",
    );
    expectProblem(await api("DELETE", `/api/v1/payments/${other.paymentId}`, { token }), 404, "not_found");
    // An own invoice id with the other workspace's payment id, and the other way round.
    expectProblem(await api("DELETE", `/api/v1/payments/${fx.sentInvoiceId}`, { token }), 404, "not_found");
    expect(await workspaceSnapshot(owner, other.workspaceId)).toEqual(before);
  });
});
