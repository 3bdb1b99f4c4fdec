import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor } from "../../support/api";

/** GET and PATCH /api/v1/workspace: shape, validation (400 at the edge, 422 for rules), roles. */
const owner = ownerSql();
afterAll(() => owner.end());

interface WorkspaceBody {
  id: string;
  name: string;
  slug: string;
  your_role: string;
  default_currency: string;
  number_prefix: string;
  number_padding: number;
  next_number: number;
  payment_terms_days: number;
  sender: { legal_name: string | null; address: string | null; tax_id: string | null };
  payment: { account_holder: string | null; iban: string | null; bic: string | null; instructions: string | null; url: string | null };
}

let fx: WorkspaceFixture;
let ownerKey: string;
let adminKey: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "owner", "ws");
  ownerKey = await keyFor(fx.actor, "owner");
  adminKey = await keyFor(fx.actor, "admin");
});

const auditCount = async (action: string) =>
  Number(
    (await owner<{ n: string }[]>`select count(*) as n from audit_events where workspace_id = ${fx.workspaceId} and action = ${action}`)[0]!
      .n,
  );

describe("GET /api/v1/workspace", () => {
  it("returns the key's workspace with its invoicing settings, exactly these fields", async () => {
    const ws = expectJson(await api<WorkspaceBody>("GET", "/api/v1/workspace", { token: adminKey }), 200);
    expect(ws).toEqual({
      id: fx.workspaceId,
      name: fx.name,
      slug: expect.any(String),
      your_role: "admin",
      require_two_factor: false,
      default_currency: "EUR",
      number_prefix: "INV-",
      number_padding: 4,
      next_number: 1,
      payment_terms_days: 30,
      // The fixture fills in the seller's e-invoicing details.
      sender: {
        legal_name: null,
        address: null,
        tax_id: null,
        street: "1 Rue de la Paix",
        city: "Paris",
        postcode: "75002",
        country_code: "FR",
        vat_id: "FR12345678901",
        registration_id: null,
        endpoint_id: "12345678900012",
        endpoint_scheme: "0009",
      },
      payment: { account_holder: null, iban: null, bic: null, instructions: null, url: null },
    });
  });
});

describe("PATCH /api/v1/workspace", () => {
  it("an admin updates the invoicing settings (200, read back, one audit event)", async () => {
    const events = await auditCount("invoice_settings.updated");
    const res = await api<WorkspaceBody>("PATCH", "/api/v1/workspace", {
      token: adminKey,
      body: {
        default_currency: "usd",
        number_prefix: "WL-",
        number_padding: 5,
        payment_terms_days: 14,
        sender: { legal_name: "Fixture GmbH", tax_id: "DE123" },
      },
    });
    const ws = expectJson(res, 200);
    expect(ws).toMatchObject({
      default_currency: "USD",
      number_prefix: "WL-",
      number_padding: 5,
      payment_terms_days: 14,
      sender: expect.objectContaining({ legal_name: "Fixture GmbH", address: null, tax_id: "DE123", country_code: "FR" }),
    });
    expect(expectJson(await api<WorkspaceBody>("GET", "/api/v1/workspace", { token: adminKey }), 200)).toEqual(ws);
    expect(await auditCount("invoice_settings.updated")).toBe(events + 1);
  });

  it("an owner renames the workspace (trimmed), one audit event", async () => {
    const events = await auditCount("workspace.renamed");
    const ws = expectJson(
      await api<WorkspaceBody>("PATCH", "/api/v1/workspace", { token: ownerKey, body: { name: "  Renamed Workspace  " } }),
      200,
    );
    expect(ws.name).toBe("Renamed Workspace");
    const [row] = await owner<{ name: string }[]>`select name from workspaces where id = ${fx.workspaceId}`;
    expect(row!.name).toBe("Renamed Workspace");
    expect(await auditCount("workspace.renamed")).toBe(events + 1);
  });

  it("answers 400 (schema) to unknown fields and wrong types, and changes nothing", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const cases: [unknown, string][] = [
      [{ colour: "red" }, "_form"],
      [{ workspace_id: fx.workspaceId, payment_terms_days: 1 }, "_form"],
      [{ number_padding: "5" }, "number_padding"],
      [{ payment_terms_days: 1.5 }, "payment_terms_days"],
      [{ name: 42 }, "name"],
      [{ sender: { legal_name: "X", website: "x" } }, "sender"],
      [{ sender: "Fixture GmbH" }, "sender"],
      [{ default_currency: "EURO-EURO-EURO" }, "default_currency"],
    ];
    for (const [body, field] of cases) {
      const problem = expectProblem(await api("PATCH", "/api/v1/workspace", { token: ownerKey, body }), 400, "bad_request");
      expect(
        Object.keys(problem.errors ?? {}).some((k) => k === field || k.startsWith(`${field}.`)),
        JSON.stringify(problem),
      ).toBe(true);
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("sets the payment instructions (normalised), refuses a bad IBAN, BIC or an http: URL on its field, changing nothing", async () => {
    const set = expectJson(
      await api<WorkspaceBody>("PATCH", "/api/v1/workspace", {
        token: adminKey,
        body: {
          payment: {
            account_holder: "Fixture GmbH",
            iban: "de89 3704 0044 0532 0130 00",
            bic: "cobadeff",
            instructions: "Quote the invoice number.",
            url: "https://pay.example.com/fixture",
          },
        },
      }),
      200,
    );
    expect(set.payment).toEqual({
      account_holder: "Fixture GmbH",
      iban: "DE89370400440532013000",
      bic: "COBADEFF",
      instructions: "Quote the invoice number.",
      url: "https://pay.example.com/fixture",
    });
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const bad = expectProblem(
      await api("PATCH", "/api/v1/workspace", {
        token: adminKey,
        body: { payment: { iban: "DE89 3704 0044 0532 0130 01", bic: "COBA", url: "http://pay.example.com" } },
      }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(bad, "payment.iban")?.[0]).toMatch(/check digits do not match/);
    expect(fieldErrors(bad, "payment.bic")?.[0]).toMatch(/BIC\/SWIFT/);
    expect(fieldErrors(bad, "payment.url")?.[0]).toMatch(/https:\/\//);
    expectProblem(
      await api("PATCH", "/api/v1/workspace", { token: adminKey, body: { payment: { instructions: "x".repeat(2001) } } }),
      400,
      "bad_request",
    );
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
    const cleared = expectJson(
      await api<WorkspaceBody>("PATCH", "/api/v1/workspace", {
        token: adminKey,
        body: { payment: { account_holder: null, iban: "", bic: null, instructions: null, url: null } },
      }),
      200,
    );
    expect(cleared.payment).toEqual({ account_holder: null, iban: null, bic: null, instructions: null, url: null });
  });

  it("answers 422 with field errors to values that break a rule, and changes nothing", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const cur = expectProblem(
      await api("PATCH", "/api/v1/workspace", { token: adminKey, body: { default_currency: "XYZ" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(cur, "default_currency")).toEqual(["Unknown currency code"]);
    const pad = expectProblem(
      await api("PATCH", "/api/v1/workspace", { token: adminKey, body: { number_padding: 0, payment_terms_days: 400 } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(pad, "number_padding")).toEqual(["At least 1 digit"]);
    expect(fieldErrors(pad, "payment_terms_days")).toEqual(["At most 365 days"]);
    const prefix = expectProblem(
      await api("PATCH", "/api/v1/workspace", { token: adminKey, body: { number_prefix: "INV 2026" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(prefix, "number_prefix")).toEqual(["Use only A–Z and a–z (no accents), digits and - _ / . #"]);
    // The hint says "A–Z … (no accents)", so "Å" is refused with the same words.
    const accented = expectProblem(await api("PATCH", "/api/v1/workspace", { token: adminKey, body: { number_prefix: "ÅB-" } }), 422);
    expect(fieldErrors(accented, "number_prefix")).toEqual(["Use only A–Z and a–z (no accents), digits and - _ / . #"]);
    const name = expectProblem(
      await api("PATCH", "/api/v1/workspace", { token: ownerKey, body: { name: "   " } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(name, "name")).toEqual(["Workspace name is required"]);
    // A valid rename with an invalid setting: nothing at all is applied.
    expectProblem(
      await api("PATCH", "/api/v1/workspace", { token: ownerKey, body: { name: "Half Applied", default_currency: "XYZ" } }),
      422,
      "validation_failed",
    );
    expectProblem(await api("PATCH", "/api/v1/workspace", { token: ownerKey, body: {} }), 422, "validation_failed");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("names the request's snake_case fields in 422 field errors", async () => {
    const problem = expectProblem(
      await api("PATCH", "/api/v1/workspace", { token: adminKey, body: { default_currency: "XYZ" } }),
      422,
      "validation_failed",
    );
    expect(problem.errors).toEqual({ default_currency: ["Unknown currency code"] });
  });
});
