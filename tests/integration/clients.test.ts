import type { CreateClientFields } from "@/modules/clients/clients.schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appErrorOf } from "../support/outcome";
import * as clients from "@/modules/clients/clients.service";
import { ownerSql } from "../support/auth-client";
import { newTenant, type TestTenant } from "../support/tenants";

const owner = ownerSql();
afterAll(() => owner.end());

let t: TestTenant;

async function rowCount(workspaceId: string) {
  const [row] = await owner<{ n: number }[]>`select count(*)::int as n from clients where workspace_id = ${workspaceId}`;
  return row!.n;
}

beforeAll(async () => {
  t = await newTenant("Clients Co");
});

describe("clients", () => {
  it("creates a client with every field, normalised", async () => {
    const c = await clients.createClient(t, {
      name: "  Zoë & Søn GmbH  ",
      email: "Billing@ZOE.example",
      billingAddress: "Hauptstraße 1\n10115 Berlin\nGermany",
      taxId: "DE123456789",
      currency: "eur",
      notes: "Pays on the 1st",
    });
    expect(c).toMatchObject({
      name: "Zoë & Søn GmbH",
      email: "billing@zoe.example",
      billingAddress: "Hauptstraße 1\n10115 Berlin\nGermany",
      taxId: "DE123456789",
      currency: "EUR",
      notes: "Pays on the 1st",
      archivedAt: null,
    });
    expect(await clients.getClient(t, c.id)).toEqual(c);
  });

  it("turns blank optional fields into null", async () => {
    const c = await clients.createClient(t, {
      name: "Blank Fields",
      email: "",
      billingAddress: "  ",
      taxId: "",
      currency: "USD",
      notes: "",
    });
    expect(c).toMatchObject({ email: null, billingAddress: null, taxId: null, notes: null });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["an empty name", { name: "   ", currency: "EUR" }, "name"],
    ["a 10 kB name", { name: "n".repeat(10_000), currency: "EUR" }, "name"],
    ["a malformed email", { name: "X", email: "nope@", currency: "EUR" }, "email"],
    ["an unknown currency", { name: "X", currency: "XYZ" }, "currency"],
    ["a currency that is not a code", { name: "X", currency: "euro" }, "currency"],
    ["a missing currency", { name: "X" }, "currency"],
    ["control characters in the tax id", { name: "X", currency: "EUR", taxId: "DE\u0007" }, "taxId"],
    ["an unknown field", { name: "X", currency: "EUR", workspaceId: "someone-else" }, "_form"],
    ["a non-string name", { name: ["array"], currency: "EUR" }, "name"],
  ];
  for (const [label, input, field] of invalid) {
    it(`refuses ${label} with a field error and writes nothing`, async () => {
      const before = await rowCount(t.workspaceId);
      const err = await appErrorOf(clients.createClient(t, input as CreateClientFields));
      expect(err.code).toBe("validation_failed");
      expect(err.status).toBe(422);
      expect(Object.keys(err.fieldErrors ?? {})).toContain(field);
      expect(await rowCount(t.workspaceId)).toBe(before);
    });
  }

  it("stores SQL-looking and unicode text verbatim", async () => {
    const name = "'; DELETE FROM clients; -- 東京 🚀";
    const c = await clients.createClient(t, { name, currency: "JPY", notes: "50% off_now \\ backslash" });
    expect((await clients.getClient(t, c.id)).name).toBe(name);
  });

  it("searches name and email case-insensitively, treating % and _ literally, and pages by cursor with exact counts", async () => {
    const s = await newTenant("Search Co");
    for (let i = 1; i <= 23; i++) {
      await clients.createClient(s, { name: `Acme ${String(i).padStart(2, "0")}`, email: `team${i}@acme.example`, currency: "EUR" });
    }
    await clients.createClient(s, { name: "Ölwerk", email: "info@oelwerk.example", currency: "EUR" });
    await clients.createClient(s, { name: "100% Agency", currency: "EUR" });
    await clients.createClient(s, { name: "Under_score", currency: "EUR" });

    // Newest first, ten at a time, by cursor: every match exactly once.
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await clients.listClients(s, { q: "ACME", limit: 10, cursor });
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `Acme ${String(23 - i).padStart(2, "0")}`));
    expect(await clients.countClients(s, { q: "acme" })).toBe(23);
    expect((await clients.listClients(s, { q: "team7@" })).items.map((c) => c.name)).toEqual(["Acme 07"]);
    expect(await clients.countClients(s, { q: "ölw" })).toBe(1);
    expect((await clients.listClients(s, { q: "%" })).items.map((c) => c.name)).toEqual(["100% Agency"]);
    expect((await clients.listClients(s, { q: "_" })).items.map((c) => c.name)).toEqual(["Under_score"]);
    expect(await clients.countClients(s, { q: "zzz" })).toBe(0);
    expect(await clients.countClients(s, {})).toBe(26);
    expect((await clients.clientChoices(s, "active")).slice(0, 2).map((c) => c.name)).toEqual(["100% Agency", "Acme 01"]);
  });

  it("refuses a bad list query with a validation error", async () => {
    expect((await appErrorOf(clients.listClients(t, { limit: 1000 }))).code).toBe("validation_failed");
    expect((await appErrorOf(clients.listClients(t, { status: "deleted" as "all" }))).code).toBe("validation_failed");
    expect((await appErrorOf(clients.listClients(t, { limit: "-1" }))).code).toBe("validation_failed");
    expect((await appErrorOf(clients.listClients(t, { cursor: "forged" }))).code).toBe("bad_request");
  });

  it("updates only the given fields", async () => {
    const c = await clients.createClient(t, { name: "Before", email: "keep@x.example", currency: "GBP" });
    const u = await clients.updateClient(t, c.id, { name: "After" });
    expect(u).toMatchObject({ name: "After", email: "keep@x.example", currency: "GBP" });
    expect(u.updatedAt.getTime()).toBeGreaterThanOrEqual(c.updatedAt.getTime());
    const err = await appErrorOf(clients.updateClient(t, c.id, { currency: "nope" }));
    expect(err.code).toBe("validation_failed");
    expect((await appErrorOf(clients.updateClient(t, c.id, {}))).code).toBe("validation_failed");
    expect((await clients.getClient(t, c.id)).currency).toBe("GBP");
  });

  it("archives and restores; archived clients leave the default list", async () => {
    const a = await newTenant("Archive Co");
    const c = await clients.createClient(a, { name: "Old Client", currency: "EUR" });
    await clients.createClient(a, { name: "Current Client", currency: "EUR" });
    const archived = await clients.archiveClient(a, c.id);
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await clients.listClients(a, {})).items.map((x) => x.name)).toEqual(["Current Client"]);
    expect((await clients.listClients(a, { status: "archived" })).items.map((x) => x.name)).toEqual(["Old Client"]);
    expect(await clients.countClients(a, { status: "all" })).toBe(2);
    const again = await clients.archiveClient(a, c.id);
    expect(again.archivedAt).toEqual(archived.archivedAt);
    expect((await clients.archiveClient(a, c.id, false)).archivedAt).toBeNull();
  });

  it("deletes for admins and owners, refuses members with 403", async () => {
    const c = await clients.createClient(t, { name: "Delete Me", currency: "EUR" });
    const member = { ...t, role: "member" as const };
    const err = await appErrorOf(clients.deleteClient(member, c.id));
    expect([err.code, err.status]).toEqual(["forbidden", 403]);
    expect((await clients.getClient(t, c.id)).name).toBe("Delete Me");
    await clients.deleteClient({ ...t, role: "admin" }, c.id);
    expect((await appErrorOf(clients.getClient(t, c.id))).code).toBe("not_found");
    expect((await appErrorOf(clients.deleteClient(t, c.id))).code).toBe("not_found");
  });
});
