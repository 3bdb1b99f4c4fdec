import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor, type ApiResult, type ListBody } from "../../support/api";
import { today } from "@/lib/clock";
import { addDays, addYears } from "@/lib/dates";

/**
 * Named regressions for the inputs that made the API answer 500 (issue 8 §4, issue 12 bug 8): each
 * is refused with a 4xx problem that names the field, and changes nothing.
 */
const owner = ownerSql();
afterAll(() => owner.end());

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "owner", "no500");
  other = await workspaceFixture(owner, "owner", "no500-other");
  token = await keyFor(fx.actor, "owner");
});

const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** A 4xx problem (never a 5xx), and neither workspace changed. */
async function refusedWithoutChange(send: () => Promise<ApiResult<unknown>>, status: number | number[]) {
  const before = [await workspaceSnapshot(owner, fx.workspaceId), await workspaceSnapshot(owner, other.workspaceId)];
  const res = await send();
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
  const problem = expectProblem(res, res.status);
  expect([await workspaceSnapshot(owner, fx.workspaceId), await workspaceSnapshot(owner, other.workspaceId)]).toEqual(before);
  return problem;
}

describe("cursors: forged, out of range, or from another list", () => {
  const lists = ["clients", "audit-events", "invoices", "tax-rates", "members", "invitations", "api-keys"] as const;

  it.each(lists)("GET /%s with a forged cursor (a valid instant and a non-uuid id) is a 400 on cursor", async (list) => {
    for (const cursor of [
      forged(["2026-01-01T00:00:00Z", "x"]),
      forged(["0000-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000"]),
      forged(["+275760-09-13T00:00:00.000Z", "x"]),
    ]) {
      const problem = await refusedWithoutChange(() => api("GET", `/api/v1/${list}?cursor=${encodeURIComponent(cursor)}`, { token }), 400);
      expect(Object.keys(problem.errors ?? {})).toEqual(["cursor"]);
    }
  });

  it("a real cursor from one list is refused by another, and a cursor with one character changed is refused", async () => {
    await api("POST", "/api/v1/clients", { token, body: { name: "Second", currency: "EUR" } });
    const page = expectJson(await api<ListBody<{ id: string }>>("GET", "/api/v1/clients?limit=1", { token }), 200);
    const cursor = page.next_cursor!;
    expect(typeof cursor).toBe("string");
    expectJson(await api("GET", `/api/v1/clients?limit=1&cursor=${encodeURIComponent(cursor)}`, { token }), 200);
    expectProblem(await api("GET", `/api/v1/invoices?cursor=${encodeURIComponent(cursor)}`, { token }), 400, "bad_request");
    const flipped = cursor.slice(0, 5) + (cursor[5] === "A" ? "B" : "A") + cursor.slice(6);
    expectProblem(await api("GET", `/api/v1/clients?cursor=${encodeURIComponent(flipped)}`, { token }), 400, "bad_request");
  });
});

describe("strings PostgreSQL cannot store", () => {
  it("?q=%00 on clients is a 4xx naming q", async () => {
    const problem = await refusedWithoutChange(() => api("GET", "/api/v1/clients?q=%00", { token }), [400, 422]);
    expect(Object.keys(problem.errors ?? {})).toEqual(["q"]);
  });

  it("a NUL or a lone surrogate in a body string is refused (client name, invoice line, payment reference)", async () => {
    for (const name of ["a\u0000b", "\ud800", "x\udc00y"]) {
      await refusedWithoutChange(() => api("POST", "/api/v1/clients", { token, body: { name, currency: "EUR" } }), [400, 422]);
      await refusedWithoutChange(
        () =>
          api("POST", "/api/v1/invoices", {
            token,
            body: { client_id: fx.clientId, lines: [{ description: name, quantity: "1", unit_price: "1" }] },
          }),
        [400, 422],
      );
      await refusedWithoutChange(
        () =>
          api("POST", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, {
            token,
            body: { amount: "1", paid_on: fx.today, method: "cash", reference: name },
          }),
        [400, 422],
      );
    }
  });
});

describe("dates outside 1900–2999", () => {
  it("issued_from=0000-01-01 and updated_since=0000-01-01T00:00:00Z are 422 on the field", async () => {
    const from = await refusedWithoutChange(() => api("GET", "/api/v1/invoices?issued_from=0000-01-01", { token }), 422);
    expect(Object.keys(from.errors ?? {})).toEqual(["issued_from"]);
    const since = await refusedWithoutChange(() => api("GET", "/api/v1/invoices?updated_since=0000-01-01T00:00:00Z", { token }), 422);
    expect(Object.keys(since.errors ?? {})).toEqual(["updated_since"]);
  });

  it("POST /invoices with issue_date 0000-01-01, 9999-12-01 or 9999-12-20 is 422 on issue_date (not on a due date nobody sent)", async () => {
    for (const issueDate of ["0000-01-01", "9999-12-01", "9999-12-20", "1899-12-31", "3000-01-01"]) {
      const problem = await refusedWithoutChange(
        () => api("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId, issue_date: issueDate } }),
        422,
      );
      expect(Object.keys(problem.errors ?? {}), issueDate).toEqual(["issue_date"]);
      expect(fieldErrors(problem, "issue_date")![0]).toMatch(/1900.*2999/);
    }
  });

  it("an issue date late in 2999 whose derived due date would fall after 2999 is refused on issue_date", async () => {
    const problem = await refusedWithoutChange(
      () => api("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId, issue_date: "2999-12-20" } }),
      422,
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(["issue_date"]);
  });

  it("the edges of the window (10 years either side of today) are accepted, a day beyond is refused on its field", async () => {
    const [first, last] = [addYears(today(), -10), addYears(today(), 10)];
    expectJson(await api("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId, issue_date: first, due_date: first } }), 201);
    expectJson(await api("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId, issue_date: last, due_date: last } }), 201);
    const before = await refusedWithoutChange(
      () => api("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId, issue_date: addDays(first, -1), due_date: first } }),
      422,
    );
    expect(Object.keys(before.errors ?? {})).toEqual(["issue_date"]);
    const after = await refusedWithoutChange(
      () => api("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId, issue_date: last, due_date: addDays(last, 1) } }),
      422,
    );
    expect(Object.keys(after.errors ?? {})).toEqual(["due_date"]);
  });

  it("a payment with paid_on 0000-01-01 is 422 on paid_on", async () => {
    const problem = await refusedWithoutChange(
      () =>
        api("POST", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, {
          token,
          body: { amount: "1", paid_on: "0000-01-01", method: "cash" },
        }),
      422,
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(["paid_on"]);
  });

  it("an API key expiry in year 0000 or 9999 is 422 on expires_at", async () => {
    for (const expiresAt of ["0000-01-01T00:00:00Z", "9999-12-31T00:00:00Z"]) {
      const problem = await refusedWithoutChange(
        () => api("POST", "/api/v1/api-keys", { token, body: { name: "k", role: "member", expires_at: expiresAt } }),
        422,
      );
      expect(Object.keys(problem.errors ?? {})).toEqual(["expires_at"]);
    }
  });
});

describe("payments against the invoice's dates (issue 12)", () => {
  it("a payment dated before the invoice's issue date is 422 on paid_on", async () => {
    const [row] = await owner<{ issue_date: string }[]>`select issue_date::text from invoices where id = ${fx.sentInvoiceId}`;
    const dayBefore = new Date(Date.parse(`${row!.issue_date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const problem = await refusedWithoutChange(
      () =>
        api("POST", `/api/v1/invoices/${fx.sentInvoiceId}/payments`, { token, body: { amount: "1", paid_on: dayBefore, method: "cash" } }),
      422,
    );
    expect(fieldErrors(problem, "paid_on")![0]).toContain(row!.issue_date);
  });
});

describe("discounts larger than what they discount (issue 12)", () => {
  it("a fixed invoice discount above the subtotal is refused on discount.value", async () => {
    const problem = await refusedWithoutChange(
      () =>
        api("POST", "/api/v1/invoices", {
          token,
          body: {
            client_id: fx.clientId,
            discount: { kind: "amount", value: "999999" },
            lines: [{ description: "Work", quantity: "1", unit_price: "100" }],
          },
        }),
      422,
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(["discount.value"]);
  });

  it("a fixed line discount above the line's amount is refused on that line's discount.value", async () => {
    const problem = await refusedWithoutChange(
      () =>
        api("POST", "/api/v1/invoices", {
          token,
          body: {
            client_id: fx.clientId,
            lines: [
              { description: "Ok", quantity: "1", unit_price: "10" },
              { description: "Too much", quantity: "2", unit_price: "50", discount: { kind: "amount", value: "100.01" } },
            ],
          },
        }),
      422,
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(["lines.1.discount.value"]);
  });

  it("a discount equal to the amount is accepted (the invoice totals zero)", async () => {
    const inv = expectJson(
      await api<{ total: string }>("POST", "/api/v1/invoices", {
        token,
        body: {
          client_id: fx.clientId,
          discount: { kind: "amount", value: "100" },
          lines: [{ description: "Work", quantity: "1", unit_price: "100" }],
        },
      }),
      201,
    );
    expect(inv.total).toBe("0.00");
  });

  it("changing the lines under an existing fixed discount so that it exceeds the subtotal is refused", async () => {
    const inv = expectJson(
      await api<{ id: string }>("POST", "/api/v1/invoices", {
        token,
        body: {
          client_id: fx.clientId,
          discount: { kind: "amount", value: "50" },
          lines: [{ description: "Work", quantity: "1", unit_price: "100" }],
        },
      }),
      201,
    );
    const problem = await refusedWithoutChange(
      () =>
        api("PATCH", `/api/v1/invoices/${inv.id}`, { token, body: { lines: [{ description: "Less", quantity: "1", unit_price: "10" }] } }),
      422,
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(["discount.value"]);
  });
});

describe("tax rates: one request, one transaction", () => {
  it("PATCH {rate, archived:false} on an archived rate whose name is taken is 409 and changes neither the rate nor the audit log", async () => {
    const archived = expectJson(
      await api<{ id: string }>("POST", "/api/v1/tax-rates", { token, body: { name: "Partial VAT", rate: "10" } }),
      201,
    );
    expectJson(await api("PATCH", `/api/v1/tax-rates/${archived.id}`, { token, body: { archived: true } }), 200);
    expectJson(await api("POST", "/api/v1/tax-rates", { token, body: { name: "partial vat", rate: "12" } }), 201);
    const problem = await refusedWithoutChange(
      () => api("PATCH", `/api/v1/tax-rates/${archived.id}`, { token, body: { rate: "55", archived: false } }),
      409,
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(["name"]);
    const [row] = await owner<
      { rate_milli_percent: number; archived_at: Date | null }[]
    >`select rate_milli_percent, archived_at from tax_rates where id = ${archived.id}`;
    expect(row).toEqual({ rate_milli_percent: 10_000, archived_at: expect.any(Date) });
  });

  it("PATCH with rate and archived together applies both in one change (200) with two audit events", async () => {
    const rate = expectJson(await api<{ id: string }>("POST", "/api/v1/tax-rates", { token, body: { name: "Both VAT", rate: "10" } }), 201);
    const both = expectJson(
      await api<{ rate: string; archived_at: string | null }>("PATCH", `/api/v1/tax-rates/${rate.id}`, {
        token,
        body: { rate: "11", archived: true },
      }),
      200,
    );
    expect(both).toMatchObject({ rate: "11", archived_at: expect.any(String) });
    const events = await owner<
      { action: string }[]
    >`select action from audit_events where workspace_id = ${fx.workspaceId} and target_id = ${rate.id} order by created_at, action`;
    expect(events.map((e) => e.action).sort()).toEqual(["tax_rate.archived", "tax_rate.created", "tax_rate.updated"]);
  });

  it("20 parallel POST /tax-rates with one name: exactly one 201, nineteen 409 on name, no 5xx", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api("POST", "/api/v1/tax-rates", { token, body: { name: "Race VAT", rate: "20" } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    for (const r of results.filter((x) => x.status === 409))
      expect(Object.keys(expectProblem(r, 409, "conflict").errors ?? {})).toEqual(["name"]);
    const [row] = await owner<
      { n: number }[]
    >`select count(*)::int as n from tax_rates where workspace_id = ${fx.workspaceId} and lower(name) = 'race vat'`;
    expect(row!.n).toBe(1);
  });

  it("parallel renames of different rates to one name: exactly one 200, the rest 409, no 5xx", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++)
      ids.push(
        expectJson(await api<{ id: string }>("POST", "/api/v1/tax-rates", { token, body: { name: `Rename source ${i}`, rate: "5" } }), 201)
          .id,
      );
    const results = await Promise.all(ids.map((id) => api("PATCH", `/api/v1/tax-rates/${id}`, { token, body: { name: "Renamed VAT" } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array<number>(7).fill(409)]);
  });

  it("parallel restores of archived rates sharing a name: exactly one 200, the rest 409", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = expectJson(
        await api<{ id: string }>("POST", "/api/v1/tax-rates", { token, body: { name: "Restore VAT", rate: "5" } }),
        201,
      ).id;
      expectJson(await api("PATCH", `/api/v1/tax-rates/${id}`, { token, body: { archived: true } }), 200);
      ids.push(id);
    }
    const results = await Promise.all(ids.map((id) => api("PATCH", `/api/v1/tax-rates/${id}`, { token, body: { archived: false } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array<number>(5).fill(409)]);
  });
});

describe("clients: one request, one transaction", () => {
  it("PATCH {name, archived} with an invalid name changes neither", async () => {
    await refusedWithoutChange(
      () => api("PATCH", `/api/v1/clients/${fx.spareClientId}`, { token, body: { name: "", archived: true } }),
      422,
    );
  });
});

describe("the workspace: a rename and invoicing settings in one request", () => {
  it("a valid name with invalid settings changes neither (422)", async () => {
    await refusedWithoutChange(
      () => api("PATCH", "/api/v1/workspace", { token, body: { name: "Renamed Half Way", payment_terms_days: 9999 } }),
      422,
    );
    await refusedWithoutChange(
      () => api("PATCH", "/api/v1/workspace", { token, body: { name: "Renamed Half Way", default_currency: "XYZ" } }),
      422,
    );
  });

  it("an invalid name with valid settings changes neither (422)", async () => {
    await refusedWithoutChange(
      () => api("PATCH", "/api/v1/workspace", { token, body: { name: "bad\u0007name", payment_terms_days: 14 } }),
      [400, 422],
    );
  });

  it("both valid: both applied, with their audit events", async () => {
    const res = expectJson(
      await api<{ name: string; payment_terms_days: number }>("PATCH", "/api/v1/workspace", {
        token,
        body: { name: "Renamed Whole", payment_terms_days: 14 },
      }),
      200,
    );
    expect(res).toMatchObject({ name: "Renamed Whole", payment_terms_days: 14 });
    const events = await owner<
      { action: string }[]
    >`select action from audit_events where workspace_id = ${fx.workspaceId} and action in ('workspace.renamed', 'invoice_settings.updated')`;
    expect(events.map((e) => e.action).sort()).toEqual(["invoice_settings.updated", "workspace.renamed"]);
  });
});

describe("clients: one request, one transaction (success)", () => {
  it("PATCH {name, archived} renames and archives together, with both audit events", async () => {
    const client = expectJson(
      await api<{ id: string }>("POST", "/api/v1/clients", { token, body: { name: "Both Ways", currency: "EUR" } }),
      201,
    );
    const both = expectJson(
      await api<{ name: string; archived_at: string | null }>("PATCH", `/api/v1/clients/${client.id}`, {
        token,
        body: { name: "Both Ways Ltd", archived: true },
      }),
      200,
    );
    expect(both).toMatchObject({ name: "Both Ways Ltd", archived_at: expect.any(String) });
    const events = await owner<
      { action: string }[]
    >`select action from audit_events where workspace_id = ${fx.workspaceId} and target_id = ${client.id}`;
    expect(events.map((e) => e.action).sort()).toEqual(["client.archived", "client.created", "client.updated"]);
  });
});

describe("foreign keys decided by the database", () => {
  it("deleting a client while an invoice for it is being created: whichever loses gets a 409 (or 422 when the client is already gone), never a 500", async () => {
    for (let i = 0; i < 5; i++) {
      const client = expectJson(
        await api<{ id: string }>("POST", "/api/v1/clients", { token, body: { name: `Racing ${i}`, currency: "EUR" } }),
        201,
      );
      const [created, deleted] = await Promise.all([
        api("POST", "/api/v1/invoices", {
          token,
          body: { client_id: client.id, lines: [{ description: "x", quantity: "1", unit_price: "1" }] },
        }),
        api("DELETE", `/api/v1/clients/${client.id}`, { token }),
      ]);
      expect([201, 409, 422]).toContain(created.status);
      if (created.status === 409) expect(Object.keys(expectProblem(created, 409, "conflict").errors ?? {})).toEqual(["client_id"]);
      expect([204, 409]).toContain(deleted.status);
      // Exactly one of them won.
      expect(created.status === 201).toBe(deleted.status === 409);
    }
  });
});
