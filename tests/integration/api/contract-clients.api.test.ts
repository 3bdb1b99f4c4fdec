import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor, type ListBody } from "../../support/api";

/** /api/v1/clients and /api/v1/clients/{id}: every operation's success shape, validation and cross-workspace ids. */
const owner = ownerSql();
afterAll(() => owner.end());

interface ClientBody {
  id: string;
  name: string;
  email: string | null;
  billing_address: string | null;
  tax_id: string | null;
  currency: string;
  notes: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

const CLIENT_KEYS = [
  "archived_at",
  "billing_address",
  "city",
  "country_code",
  "created_at",
  "currency",
  "email",
  "endpoint_id",
  "endpoint_scheme",
  "id",
  "name",
  "notes",
  "postcode",
  "street",
  "tax_id",
  "updated_at",
  "vat_id",
];

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "clients");
  other = await workspaceFixture(owner, "owner", "clients-other");
  token = await keyFor(fx.actor, "admin");
});

describe("clients: success shapes", () => {
  it("GET /clients lists the workspace's active clients, newest first, as { data, next_cursor }", async () => {
    const list = expectJson(await api<ListBody<ClientBody>>("GET", "/api/v1/clients", { token }), 200);
    expect(Object.keys(list).sort()).toEqual(["data", "next_cursor"]);
    expect(list.data.map((c) => c.name)).toEqual(["Spare Client", "Fixture Client"]);
    expect(list.next_cursor).toBeNull();
    for (const c of list.data) expect(Object.keys(c).sort()).toEqual(CLIENT_KEYS);
  });

  it("POST /clients creates (201) with normalised fields; GET /clients/{id} reads it back", async () => {
    const created = expectJson(
      await api<ClientBody>("POST", "/api/v1/clients", {
        token,
        body: {
          name: "  Acme Ltd  ",
          currency: "gbp",
          email: "Billing@Acme.TEST",
          billing_address: "1 Main St\nLondon",
          tax_id: "",
          notes: null,
          country_code: "gb",
          vat_id: "gb 123 4567 89",
        },
      }),
      201,
    );
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Acme Ltd",
      email: "billing@acme.test",
      billing_address: "1 Main St\nLondon",
      tax_id: null,
      street: null,
      city: null,
      postcode: null,
      country_code: "GB",
      vat_id: "GB123456789",
      endpoint_id: null,
      endpoint_scheme: null,
      currency: "GBP",
      notes: null,
      archived_at: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(new Date(created.created_at).toISOString()).toBe(created.created_at);
    expect(expectJson(await api<ClientBody>("GET", `/api/v1/clients/${created.id}`, { token }), 200)).toEqual(created);
    const [row] = await owner<
      { n: string }[]
    >`select count(*) as n from clients where workspace_id = ${fx.workspaceId} and name = 'Acme Ltd'`;
    expect(row!.n).toBe("1");
  });

  it("PATCH /clients/{id} updates only the given fields; archived true/false archives and restores", async () => {
    const updated = expectJson(
      await api<ClientBody>("PATCH", `/api/v1/clients/${fx.clientId}`, { token, body: { notes: "Pays late" } }),
      200,
    );
    expect(updated).toMatchObject({ id: fx.clientId, name: "Fixture Client", currency: "EUR", notes: "Pays late", archived_at: null });
    const archived = expectJson(await api<ClientBody>("PATCH", `/api/v1/clients/${fx.clientId}`, { token, body: { archived: true } }), 200);
    expect(typeof archived.archived_at).toBe("string");
    expect(
      expectJson(await api<ListBody<ClientBody>>("GET", "/api/v1/clients?status=archived", { token }), 200).data.map((c) => c.id),
    ).toEqual([fx.clientId]);
    const restored = expectJson(
      await api<ClientBody>("PATCH", `/api/v1/clients/${fx.clientId}`, { token, body: { archived: false, name: "Fixture Client" } }),
      200,
    );
    expect(restored.archived_at).toBeNull();
  });

  it("GET /clients filters by q and status", async () => {
    const found = expectJson(await api<ListBody<ClientBody>>("GET", "/api/v1/clients?q=spare&status=all", { token }), 200);
    expect(found.data.map((c) => c.id)).toEqual([fx.spareClientId]);
    expectProblem(await api("GET", "/api/v1/clients?status=deleted", { token }), 400, "bad_request");
  });

  it("DELETE /clients/{id} deletes a client without invoices (204, then 404); one with invoices is 409", async () => {
    const res = await api("DELETE", `/api/v1/clients/${fx.spareClientId}`, { token });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectProblem(await api("GET", `/api/v1/clients/${fx.spareClientId}`, { token }), 404, "not_found");
    expectProblem(await api("DELETE", `/api/v1/clients/${fx.spareClientId}`, { token }), 404, "not_found");
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    expectProblem(await api("DELETE", `/api/v1/clients/${fx.clientId}`, { token }), 409);
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

describe("clients: validation", () => {
  it("answers 400 to unknown fields, missing required fields and wrong types; nothing is created", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const cases: [string, string, unknown][] = [
      ["POST", "/api/v1/clients", { name: "X", currency: "EUR", colour: "red" }],
      ["POST", "/api/v1/clients", { name: "X", currency: "EUR", workspace_id: other.workspaceId }],
      ["POST", "/api/v1/clients", { name: "X" }],
      ["POST", "/api/v1/clients", { name: 5, currency: "EUR" }],
      ["POST", "/api/v1/clients", { name: "X", currency: ["EUR"] }],
      ["POST", "/api/v1/clients", { name: "X", currency: "EUR", email: 7 }],
      ["PATCH", `/api/v1/clients/${fx.clientId}`, { archived: "yes" }],
      ["PATCH", `/api/v1/clients/${fx.clientId}`, { id: fx.spareClientId }],
    ];
    for (const [method, path, body] of cases) {
      const problem = expectProblem(await api(method, path, { token, body }), 400, "bad_request");
      expect(Object.keys(problem.errors ?? {}).length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 422 with field errors to rule violations (currency, email, control characters, blank name, nothing to update)", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const currency = expectProblem(
      await api("POST", "/api/v1/clients", { token, body: { name: "X", currency: "XYZ" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(currency, "currency")).toEqual(["Unknown currency code"]);
    const shape = expectProblem(
      await api("POST", "/api/v1/clients", { token, body: { name: "X", currency: "EU" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(shape, "currency")).toContain("Use a three-letter ISO 4217 code, e.g. EUR");
    const email = expectProblem(
      await api("POST", "/api/v1/clients", { token, body: { name: "X", currency: "EUR", email: "not-an-email" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(email, "email")).toEqual(["Enter a valid email address"]);
    const control = expectProblem(
      await api("POST", "/api/v1/clients", { token, body: { name: "X", currency: "EUR", billing_address: "a\u0001b" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(control, "billing_address")).toEqual(["Billing address must not contain control characters"]);
    const blank = expectProblem(
      await api("POST", "/api/v1/clients", { token, body: { name: "   ", currency: "EUR" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(blank, "name")).toEqual(["Name is required"]);
    expectProblem(await api("PATCH", `/api/v1/clients/${fx.clientId}`, { token, body: {} }), 422, "validation_failed");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

describe("clients: another workspace's ids", () => {
  it("answer 404 on GET, PATCH and DELETE, and the other workspace is unchanged", async () => {
    const before = await workspaceSnapshot(owner, other.workspaceId);
    for (const id of [other.clientId, other.spareClientId]) {
      expectProblem(await api("GET", `/api/v1/clients/${id}`, { token }), 404, "not_found");
      expectProblem(await api("PATCH", `/api/v1/clients/${id}`, { token, body: { name: "Hijacked" } }), 404, "not_found");
      expectProblem(await api("PATCH", `/api/v1/clients/${id}`, { token, body: { archived: true } }), 404, "not_found");
      expectProblem(await api("DELETE", `/api/v1/clients/${id}`, { token }), 404, "not_found");
    }
    expect(await workspaceSnapshot(owner, other.workspaceId)).toEqual(before);
  });
});
