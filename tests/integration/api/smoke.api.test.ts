import { afterAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture } from "../../support/fixtures";
import { api, keyFor } from "../../support/api";

const owner = ownerSql();
afterAll(() => owner.end());

describe("API smoke", () => {
  it("lists, creates, reads, updates and deletes clients with an API key", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const token = await keyFor(fx.actor);
    const list = await api<{ data: { id: string }[]; next_cursor: string | null }>("GET", "/api/v1/clients?status=all", { token });
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBe(2);
    const created = await api<{ id: string; name: string }>("POST", "/api/v1/clients", { token, body: { name: "API Client", currency: "usd", billing_address: "1 Main St" } });
    expect([created.status, created.body.name]).toEqual([201, "API Client"]);
    expect(Number(created.headers.get("ratelimit-remaining"))).toBeLessThan(Number(created.headers.get("ratelimit-limit")));
    const bad = await api("POST", "/api/v1/clients", { token, body: { name: "X", currency: "EUR", workspace_id: "other" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const patched = await api<{ name: string; archived_at: string | null }>("PATCH", `/api/v1/clients/${created.body.id}`, { token, body: { name: "Renamed", archived: true } });
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
