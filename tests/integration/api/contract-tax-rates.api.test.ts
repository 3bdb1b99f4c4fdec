import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor, type ListBody } from "../../support/api";

/** /api/v1/tax-rates and /api/v1/tax-rates/{id}: success shapes, validation, conflicts, cross-workspace ids. */
const owner = ownerSql();
afterAll(() => owner.end());

interface TaxRateBody {
  id: string;
  name: string;
  rate: string;
  vat_category: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "tax");
  other = await workspaceFixture(owner, "owner", "tax-other");
  token = await keyFor(fx.actor, "admin");
});

describe("tax rates: success shapes", () => {
  it("GET /tax-rates lists active rates oldest first; include_archived adds archived ones", async () => {
    const list = expectJson(await api<ListBody<TaxRateBody>>("GET", "/api/v1/tax-rates", { token }), 200);
    expect(list).toEqual({
      data: [
        {
          id: fx.taxRateId,
          name: "VAT 20%",
          rate: "20",
          vat_category: "S",
          exemption_reason: null,
          archived_at: null,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
      ],
      next_cursor: null,
    });
  });

  it("POST creates (201) with the rate as a decimal string; GET /{id} reads it back", async () => {
    const created = expectJson(
      await api<TaxRateBody>("POST", "/api/v1/tax-rates", { token, body: { name: "Reduced", rate: "7.125" } }),
      201,
    );
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Reduced",
      rate: "7.125",
      vat_category: "S",
      exemption_reason: null,
      archived_at: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(expectJson(await api<TaxRateBody>("GET", `/api/v1/tax-rates/${created.id}`, { token }), 200)).toEqual(created);
    const numeric = expectJson(await api<TaxRateBody>("POST", "/api/v1/tax-rates", { token, body: { name: "Zero", rate: 0 } }), 201);
    expect([numeric.rate, numeric.vat_category]).toEqual(["0", "Z"]);
    expect(expectJson(await api<ListBody<TaxRateBody>>("GET", "/api/v1/tax-rates", { token }), 200).data).toHaveLength(3);
  });

  it("PATCH updates name and rate, archives and restores; archived rates leave the default list", async () => {
    const updated = expectJson(
      await api<TaxRateBody>("PATCH", `/api/v1/tax-rates/${fx.taxRateId}`, { token, body: { name: "VAT 19%", rate: "19" } }),
      200,
    );
    expect(updated).toMatchObject({ id: fx.taxRateId, name: "VAT 19%", rate: "19", archived_at: null });
    const archived = expectJson(
      await api<TaxRateBody>("PATCH", `/api/v1/tax-rates/${fx.taxRateId}`, { token, body: { archived: true } }),
      200,
    );
    expect(typeof archived.archived_at).toBe("string");
    const active = expectJson(await api<ListBody<TaxRateBody>>("GET", "/api/v1/tax-rates", { token }), 200);
    expect(active.data.map((r) => r.id)).not.toContain(fx.taxRateId);
    const all = expectJson(await api<ListBody<TaxRateBody>>("GET", "/api/v1/tax-rates?include_archived=true", { token }), 200);
    expect(all.data.map((r) => r.id)).toContain(fx.taxRateId);
    expect(all.data).toHaveLength(active.data.length + 1);
    const restored = expectJson(
      await api<TaxRateBody>("PATCH", `/api/v1/tax-rates/${fx.taxRateId}`, { token, body: { archived: false } }),
      200,
    );
    expect(restored.archived_at).toBeNull();
  });

  it("DELETE removes an unused rate (204, then 404); a rate used on an invoice line is 409", async () => {
    const rate = expectJson(await api<TaxRateBody>("POST", "/api/v1/tax-rates", { token, body: { name: "Doomed", rate: "1" } }), 201);
    const res = await api("DELETE", `/api/v1/tax-rates/${rate.id}`, { token });
    expect([res.status, res.body]).toEqual([204, null]);
    expectProblem(await api("GET", `/api/v1/tax-rates/${rate.id}`, { token }), 404, "not_found");

    const used = expectJson(await api<TaxRateBody>("POST", "/api/v1/tax-rates", { token, body: { name: "Used", rate: "10" } }), 201);
    const invoice = await api("POST", "/api/v1/invoices", {
      token,
      body: { client_id: fx.clientId, lines: [{ description: "Work", quantity: "1", unit_price: "10.00", tax_rate_id: used.id }] },
    });
    expect(invoice.status).toBe(201);
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    expectProblem(await api("DELETE", `/api/v1/tax-rates/${used.id}`, { token }), 409, "conflict");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

describe("tax rates: validation", () => {
  it("answers 400 to unknown fields and wrong types", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    for (const [method, path, body] of [
      ["POST", "/api/v1/tax-rates", { name: "X", rate: "5", country: "DE" }],
      ["POST", "/api/v1/tax-rates", { name: "X" }],
      ["POST", "/api/v1/tax-rates", { name: "X", rate: true }],
      ["PATCH", `/api/v1/tax-rates/${fx.taxRateId}`, { archived: "true" }],
      ["GET", "/api/v1/tax-rates?include_archived=yes", undefined],
    ] as const) {
      expectProblem(await api(method, path, { token, ...(body !== undefined ? { body } : {}) }), 400, "bad_request");
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 422 with field errors to rates out of range or too precise, and a blank name; 409 to a duplicate active name", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const big = expectProblem(
      await api("POST", "/api/v1/tax-rates", { token, body: { name: "X", rate: "101" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(big, "rate")).toEqual(["A rate is at most 100 %"]);
    const precise = expectProblem(
      await api("POST", "/api/v1/tax-rates", { token, body: { name: "X", rate: "7.1255" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(precise, "rate")).toEqual(["Enter a percentage with up to 3 decimals, e.g. 20 or 7.125"]);
    const negative = expectProblem(
      await api("POST", "/api/v1/tax-rates", { token, body: { name: "X", rate: "-1" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(negative, "rate")).toHaveLength(1);
    const blank = expectProblem(
      await api("POST", "/api/v1/tax-rates", { token, body: { name: " ", rate: "1" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(blank, "name")).toEqual(["Name is required"]);
    const dup = expectProblem(await api("POST", "/api/v1/tax-rates", { token, body: { name: "Reduced", rate: "5" } }), 409, "conflict");
    expect(fieldErrors(dup, "name")).toEqual(["This name is already used by an active rate"]);
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

describe("tax rates: another workspace's ids", () => {
  it("answer 404 on GET, PATCH and DELETE, and the other workspace is unchanged", async () => {
    const before = await workspaceSnapshot(owner, other.workspaceId);
    expectProblem(await api("GET", `/api/v1/tax-rates/${other.taxRateId}`, { token }), 404, "not_found");
    expectProblem(await api("PATCH", `/api/v1/tax-rates/${other.taxRateId}`, { token, body: { rate: "1" } }), 404, "not_found");
    expectProblem(await api("PATCH", `/api/v1/tax-rates/${other.taxRateId}`, { token, body: { archived: true } }), 404, "not_found");
    expectProblem(await api("DELETE", `/api/v1/tax-rates/${other.taxRateId}`, { token }), 404, "not_found");
    // Nor can a line of this workspace's invoice use the other workspace's rate.
    const line = expectProblem(
      await api("POST", "/api/v1/invoices", {
        token,
        body: { client_id: fx.clientId, lines: [{ description: "X", quantity: "1", unit_price: "1", tax_rate_id: other.taxRateId }] },
      }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(line, "lines.0.tax_rate_id")).toEqual(["Unknown tax rate"]);
    expect(await workspaceSnapshot(owner, other.workspaceId)).toEqual(before);
  });
});
