import { TEMPLATE_KINDS } from "@/modules/email-templates/email-templates.schemas";
import { afterAll, describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture } from "../../support/fixtures";
import { api, apiApp, keyFor } from "../../support/api";

const owner = ownerSql();
afterAll(() => owner.end());

describe("API smoke", () => {
  it("lists, creates, reads, updates and deletes clients with an API key", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const token = await keyFor(fx.actor);
    const list = await api<{ data: { id: string }[]; next_cursor: string | null }>("GET", "/api/v1/clients?status=all", { token });
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBe(2);
    const created = await api<{ id: string; name: string }>("POST", "/api/v1/clients", {
      token,
      body: { name: "API Client", currency: "usd", billing_address: "1 Main St" },
    });
    expect([created.status, created.body.name]).toEqual([201, "API Client"]);
    expect(Number(created.headers.get("ratelimit-remaining"))).toBeLessThan(Number(created.headers.get("ratelimit-limit")));
    const bad = await api("POST", "/api/v1/clients", { token, body: { name: "X", currency: "EUR", workspace_id: "other" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const patched = await api<{ name: string; archived_at: string | null }>("PATCH", `/api/v1/clients/${created.body.id}`, {
      token,
      body: { name: "Renamed", archived: true },
    });
    expect([patched.status, patched.body.name, typeof patched.body.archived_at]).toEqual([200, "Renamed", "string"]);
    expect((await api("DELETE", `/api/v1/clients/${created.body.id}`, { token })).status).toBe(204);
    expect((await api("GET", `/api/v1/clients/${created.body.id}`, { token })).status).toBe(404);
    expect((await api("GET", "/api/v1/clients")).status).toBe(401);
    expect((await api("GET", "/api/v1/clients", { token: "wl_live_nope" })).status).toBe(401);
    const doc = await api<{ openapi: string; paths: Record<string, unknown> }>("GET", "/api/v1/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toContain("/api/v1/clients/{id}");
  });
});

describe("API document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = await api<Record<string, unknown>>("GET", "/api/v1/openapi.json");
    const validator = new Validator();
    const result = await validator.validate(doc.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every route the app serves", async () => {
    const doc = await api<{ paths: Record<string, Record<string, unknown>> }>("GET", "/api/v1/openapi.json");
    const ops = Object.entries(doc.body.paths)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(ops).toEqual(
      [
        "GET /api/v1/workspace",
        "PATCH /api/v1/workspace",
        "GET /api/v1/clients",
        "POST /api/v1/clients",
        "GET /api/v1/clients/{id}",
        "PATCH /api/v1/clients/{id}",
        "DELETE /api/v1/clients/{id}",
        "GET /api/v1/tax-rates",
        "POST /api/v1/tax-rates",
        "GET /api/v1/tax-rates/{id}",
        "PATCH /api/v1/tax-rates/{id}",
        "DELETE /api/v1/tax-rates/{id}",
        "GET /api/v1/invoices",
        "POST /api/v1/invoices",
        "GET /api/v1/invoices/{id}",
        "PATCH /api/v1/invoices/{id}",
        "DELETE /api/v1/invoices/{id}",
        "POST /api/v1/invoices/{id}/send",
        "POST /api/v1/invoices/{id}/void",
        "GET /api/v1/invoices/{id}/deliveries",
        "POST /api/v1/invoices/{id}/deliveries/{delivery_id}/resend",
        "GET /api/v1/invoices/{id}/pdf",
        "GET /api/v1/invoices/{id}/einvoice",
        "POST /api/v1/einvoices/validate",
        "GET /api/v1/invoices/{id}/payments",
        "POST /api/v1/invoices/{id}/payments",
        "DELETE /api/v1/payments/{id}",
        "GET /api/v1/members",
        "PATCH /api/v1/members/{user_id}",
        "DELETE /api/v1/members/{user_id}",
        "GET /api/v1/invitations",
        "POST /api/v1/invitations",
        "DELETE /api/v1/invitations/{id}",
        "GET /api/v1/audit-events",
        "GET /api/v1/api-keys",
        "POST /api/v1/api-keys",
        "DELETE /api/v1/api-keys/{id}",
        "GET /api/v1/email-templates",
        ...TEMPLATE_KINDS.flatMap((kind) => ["GET", "PUT", "DELETE"].map((m) => `${m} /api/v1/email-templates/${kind}`)),
        "GET /api/v1/invoices/{id}/link",
        "POST /api/v1/invoices/{id}/link",
        "DELETE /api/v1/invoices/{id}/link",
        "GET /api/v1/reminders",
        "PUT /api/v1/reminders",
        "GET /api/v1/reminder-rules",
        "POST /api/v1/reminder-rules",
        "GET /api/v1/reminder-rules/{id}",
        "PATCH /api/v1/reminder-rules/{id}",
        "DELETE /api/v1/reminder-rules/{id}",
        "GET /api/v1/invoices/{id}/reminders",
        "PUT /api/v1/invoices/{id}/reminders",
      ].sort(),
    );
    // And the other way round: every route the app really serves is in the document.
    const served = [
      ...new Set(
        apiApp.routes
          .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/v1/") && r.path !== "/api/v1/openapi.json")
          .map((r) => `${r.method} ${r.path.replace(/:([a-z_]+)/g, "{$1}")}`),
      ),
    ].sort();
    expect(served).toEqual(ops);
  });
});
