import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as clients from "@/modules/clients/clients.service";
import * as invoices from "@/modules/invoices/invoices.service";
import { CLIENT_SORTS } from "@/modules/clients/clients.schemas";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";
import { api, expectJson, keyFor, type ListBody } from "../support/api";
import { appErrorOf } from "../support/outcome";

/*
 * Search that finds things (migration `search`): accents and letter case are ignored, any substring
 * matches, the LIKE wildcards a person types are literal, and nothing of another workspace ever comes
 * back. Expectations come from an independent reference in JavaScript (the names are built from
 * letters whose accents Unicode decomposes, so NFD + dropping the marks is the same folding), not from
 * the list's own SQL.
 */

const owner = ownerSql();
afterAll(() => owner.end());

let a: WorkspaceFixture;
let b: WorkspaceFixture;
let tokenA: string;

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LETTERS = "aAáÁàâäÄãåÅçÇéÉèêëíìîïñÑóÓòôöÖõúùûüÜýÿbcdefghklmnprstvwxz".split("");
const ODD = ["%", "_", "\\", "'", '"', " ", "-", "&", "."];

/** The reference folding: Unicode's decomposition without the marks, plus the two letters of the fixed names it keeps (Æ, ø). */
function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").replace(/æ/gi, "ae").replace(/ø/gi, "o").toLowerCase();
}

function randomName(next: () => number): string {
  const len = 4 + Math.floor(next() * 12);
  let out = "";
  for (let i = 0; i < len; i++)
    out += next() < 0.15 ? ODD[Math.floor(next() * ODD.length)]! : LETTERS[Math.floor(next() * LETTERS.length)]!;
  return out.trim() || "x";
}

/** A substring of the name, re-spelt: accents dropped or added at random, letter case flipped at random. */
function respelt(name: string, next: () => number): string {
  const from = Math.floor(next() * name.length);
  const to = Math.min(name.length, from + 1 + Math.floor(next() * 5));
  return [...fold(name.slice(from, to))].map((c) => (next() < 0.5 ? c.toUpperCase() : c)).join("");
}

const namesA: { id: string; name: string; email: string | null }[] = [];
const namesB: { id: string; name: string }[] = [];

async function listAllClients(q: string): Promise<string[]> {
  const page = await clients.listClients(a.actor, { q, status: "all", limit: 100 });
  expect(page.nextCursor).toBeNull();
  return page.items.map((c) => c.id).sort();
}

beforeAll(async () => {
  a = await workspaceFixture(owner, "admin", "search-a");
  b = await workspaceFixture(owner, "owner", "search-b");
  tokenA = await keyFor(a.actor, "admin");
  const next = rng(12);
  const fixed = ["Ångström AB", "Ærø Shipping", "100% Pure", "snake_case Ltd", "back\\slash Co", "O'Brien & Co", "Müller GmbH", "Zoë Café"];
  const all = [...fixed, ...Array.from({ length: 40 }, () => randomName(next))];
  for (const [i, name] of all.entries()) {
    const email = i % 3 === 0 ? `billing${i}@ex-${i}.test` : null;
    const c = await clients.createClient(a.actor, { name, currency: "EUR", email });
    namesA.push({ id: c.id, name, email });
    // The same names in workspace B: any leak would show up as a foreign id.
    const other = await clients.createClient(b.owner, { name, currency: "EUR" });
    namesB.push({ id: other.id, name });
  }
  for (const f of [a, b]) {
    const [fixtureClients] = [
      await owner<{ id: string; name: string; email: string | null }[]>`
      select id, name, email from clients where workspace_id = ${f.workspaceId} and name in ('Fixture Client', 'Spare Client')`,
    ];
    if (f === a) namesA.push(...fixtureClients);
  }
});

describe("client search", () => {
  it('"angstrom" finds "Ångström AB", in any letter case, as any substring, in the service and the API', async () => {
    const angstrom = namesA.find((n) => n.name === "Ångström AB")!.id;
    for (const q of ["angstrom", "ANGSTRÖM", "gström", "Ångström ab", "ngstr"]) {
      expect(await listAllClients(q), q).toContain(angstrom);
    }
    const list = expectJson(
      await api<ListBody<{ id: string; name: string }>>("GET", `/api/v1/clients?status=all&q=${encodeURIComponent("angstrom")}`, {
        token: tokenA,
      }),
      200,
    );
    expect(list.data.map((c) => c.name)).toEqual(["Ångström AB"]);
    expect((await listAllClients("aero")).length).toBe(1); // Æ folds to AE
    expect(await listAllClients("cafe")).toEqual([namesA.find((n) => n.name === "Zoë Café")!.id]);
  });

  it("finds exactly the clients whose name or email contains the term (generated terms against a reference)", async () => {
    const next = rng(99);
    for (let round = 0; round < 60; round++) {
      const source = namesA[Math.floor(next() * namesA.length)]!;
      const term = respelt(source.name, next).trim();
      if (!term) continue;
      const expected = namesA
        .filter((n) => fold(n.name).includes(fold(term)) || (n.email !== null && fold(n.email).includes(fold(term))))
        .map((n) => n.id)
        .sort();
      const got = await listAllClients(term);
      const names = (ids: string[]) => ids.map((id) => namesA.find((n) => n.id === id)?.name ?? id);
      expect(names(got), JSON.stringify(term)).toEqual(names(expected));
    }
  });

  it("takes %, _, \\ and quotes literally", async () => {
    for (const [q, name] of [
      ["%", "100% Pure"],
      ["0% p", "100% Pure"],
      ["_", "snake_case Ltd"],
      ["e_c", "snake_case Ltd"],
      ["\\", "back\\slash Co"],
      ["k\\s", "back\\slash Co"],
      ["o'b", "O'Brien & Co"],
    ] as const) {
      const expected = namesA.filter((n) => fold(n.name).includes(fold(q))).map((n) => n.id);
      expect(expected).toContain(namesA.find((n) => n.name === name)!.id);
      expect(await listAllClients(q), q).toEqual(expected.sort());
    }
    // "%%" and "__" match only names that contain them, not everything.
    expect(await listAllClients("%%")).toEqual(
      namesA
        .filter((n) => n.name.includes("%%"))
        .map((n) => n.id)
        .sort(),
    );
    expect(await listAllClients("__")).toEqual(
      namesA
        .filter((n) => n.name.includes("__"))
        .map((n) => n.id)
        .sort(),
    );
  });

  it("refuses an over-long or unstorable term with a 4xx, in the service and the API", async () => {
    for (const q of ["x".repeat(1000), "a\u0000b", "\ud800"]) {
      expect((await appErrorOf(clients.listClients(a.actor, { q }))).code).toBe("validation_failed");
      if (q === "\ud800") continue; // not expressible in a URL
      const res = await api("GET", `/api/v1/clients?q=${encodeURIComponent(q)}`, { token: tokenA });
      expect(res.status, JSON.stringify(q.slice(0, 10))).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const inv = await api("GET", `/api/v1/invoices?q=${encodeURIComponent(q)}`, { token: tokenA });
      expect(inv.status).toBeGreaterThanOrEqual(400);
      expect(inv.status).toBeLessThan(500);
    }
  });

  it("never returns another workspace's clients, whatever the term", async () => {
    const idsOfB = new Set(namesB.map((n) => n.id));
    const next = rng(7);
    for (let round = 0; round < 30; round++) {
      const term = respelt(namesB[Math.floor(next() * namesB.length)]!.name, next).trim() || "a";
      const found = await listAllClients(term);
      expect(found.filter((id) => idsOfB.has(id))).toEqual([]);
      const fromB = await clients.listClients(b.owner, { q: term, status: "all", limit: 100 });
      expect(fromB.items.every((c) => idsOfB.has(c.id) || c.name === "Fixture Client" || c.name === "Spare Client")).toBe(true);
    }
  });
});

describe("invoice search", () => {
  let angstromInvoice: string;
  let cafeInvoice: string;
  beforeAll(async () => {
    const angstrom = namesA.find((n) => n.name === "Ångström AB")!.id;
    angstromInvoice = (
      await invoices.createInvoice(a.actor, {
        clientId: angstrom,
        issueDate: a.today,
        dueDate: a.today,
        lines: [{ description: "Spectrometer calibration", quantity: "1", unitPrice: "10.00", taxRateId: null }],
      })
    ).id;
    cafeInvoice = (
      await invoices.createInvoice(a.actor, {
        clientId: a.clientId,
        issueDate: a.today,
        dueDate: a.today,
        lines: [
          { description: "Espresso machine", quantity: "1", unitPrice: "10.00", taxRateId: null },
          { description: "Crème brûlée 50%_off", quantity: "1", unitPrice: "1.00", taxRateId: null },
        ],
      })
    ).id;
    await invoices.sendInvoice(a.actor, cafeInvoice);
    // The same texts in workspace B.
    await invoices.createInvoice(b.owner, {
      clientId: namesB.find((n) => n.name === "Ångström AB")!.id,
      issueDate: b.today,
      dueDate: b.today,
      lines: [{ description: "Crème brûlée 50%_off", quantity: "1", unitPrice: "10.00", taxRateId: null }],
    });
  });

  async function found(q: string): Promise<string[]> {
    const page = await invoices.listInvoices(a.actor, { q, limit: 100 });
    const api_ = expectJson(
      await api<ListBody<{ id: string }>>("GET", `/api/v1/invoices?limit=100&q=${encodeURIComponent(q)}`, { token: tokenA }),
      200,
    );
    const ids = page.items.map((i) => i.id).sort();
    expect(api_.data.map((i) => i.id).sort()).toEqual(ids);
    return ids;
  }

  it("matches the client's name without accents, a line's description and the number", async () => {
    expect(await found("angstrom")).toEqual([angstromInvoice]);
    expect(await found("CALIBRAT")).toEqual([angstromInvoice]);
    expect(await found("creme brulee")).toEqual([cafeInvoice]);
    expect(await found("espresso")).toEqual([cafeInvoice]);
    const number = (await invoices.getInvoice(a.actor, cafeInvoice)).number!;
    expect(await found(number)).toEqual([cafeInvoice]);
    // The fixture's INV-0001 shares the prefix: a prefix search finds both numbered invoices.
    expect(await found(number.slice(0, 3))).toContain(cafeInvoice);
    // Wildcards are literal: "50%_" is only in the one line.
    expect(await found("50%_")).toEqual([cafeInvoice]);
    expect(await found("%_%")).toEqual([]);
    expect(await found("nothing like this")).toEqual([]);
  });

  it("counts what it lists and never lists another workspace's invoices", async () => {
    expect(await invoices.countInvoices(a.actor, { q: "brulee" })).toBe(1);
    const inB = await invoices.listInvoices(b.owner, { q: "brulee", limit: 100 });
    expect(inB.items).toHaveLength(1);
    expect(inB.items[0]!.id).not.toBe(cafeInvoice);
    const fromA = await found("angstrom");
    expect(fromA).toEqual([angstromInvoice]);
  });
});

describe("the client list in every order", () => {
  async function walk(sort: string, dir: string, q?: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await clients.listClients(a.actor, { status: "all", sort, dir, q, limit: 3, cursor } as never);
      seen.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error("the walk did not end");
  }

  it("walks every order page by page exactly as one ORDER BY over the whole list", async () => {
    // Ties on name and email, and on creation time.
    await owner`update clients set created_at = timestamptz '2026-01-01 10:00:00Z' + (abs(hashtext(id::text)) % 3) * interval '1 hour'
                where workspace_id = ${a.workspaceId}`;
    const keys: Record<(typeof CLIENT_SORTS)[number], string> = {
      created_at: "",
      name: "lower(name)",
      email: "coalesce(lower(email), '')",
    };
    for (const sort of CLIENT_SORTS) {
      for (const dir of ["asc", "desc"]) {
        const order = [keys[sort], "created_at", "id"].filter(Boolean).map((k) => `${k} ${dir}`);
        const rows = await owner.unsafe<{ id: string }[]>(`select id from clients where workspace_id = $1 order by ${order.join(", ")}`, [
          a.workspaceId,
        ]);
        expect(await walk(sort, dir), `${sort} ${dir}`).toEqual(rows.map((r) => r.id));
      }
    }
  });

  it("refuses a cursor made for another order", async () => {
    const byName = await clients.listClients(a.actor, { status: "all", sort: "name", dir: "asc", limit: 2 });
    expect(byName.nextCursor).not.toBeNull();
    const err = await appErrorOf(
      clients.listClients(a.actor, { status: "all", sort: "email", dir: "asc", limit: 2, cursor: byName.nextCursor! }),
    );
    expect(err.code).toBe("bad_request");
    const res = await api("GET", `/api/v1/clients?status=all&sort=name&dir=desc&cursor=${byName.nextCursor}`, { token: tokenA });
    expect(res.status).toBe(400);
    const sorted = expectJson(
      await api<ListBody<{ name: string }>>("GET", `/api/v1/clients?status=all&sort=name&dir=asc&limit=100`, { token: tokenA }),
      200,
    );
    const names = sorted.data.map((c) => c.name.toLowerCase());
    expect(names).toHaveLength(namesA.length);
    expect(sorted.data.map((c) => c.name)).toContain("Fixture Client");
  });
});
