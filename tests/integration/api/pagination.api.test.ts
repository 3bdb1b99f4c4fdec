import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, keyFor, type ListBody } from "../../support/api";

/**
 * Cursor pagination on /api/v1/clients and /api/v1/invoices (newest first, keyset on created_at, id):
 * limits, a full walk in order, rows inserted or deleted between pages, garbage cursors.
 */
const owner = ownerSql();
afterAll(() => owner.end());

const SEEDED = 57;

let fx: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "pages");
  token = await keyFor(fx.actor, "admin");
  // Past, whole-millisecond timestamps, three rows per timestamp (so the id tie-break is exercised).
  await owner`
    insert into clients (workspace_id, name, currency, created_at, updated_at)
    select ${fx.workspaceId}, 'Seeded ' || g, 'EUR', ts, ts
    from generate_series(1, ${SEEDED}) g, lateral (select timestamptz '2025-06-01T12:00:00Z' - (g / 3) * interval '1 second' as ts) t`;
  await owner`
    insert into invoices (workspace_id, client_id, status, currency, issue_date, due_date, subtotal_minor, total_minor, balance_due_minor, created_at, updated_at)
    select ${fx.workspaceId}, ${fx.clientId}, 'draft', 'EUR', date '2025-06-01', date '2025-07-01', g, g, 0, ts, ts
    from generate_series(1, ${SEEDED}) g, lateral (select timestamptz '2025-06-01T12:00:00Z' - (g / 3) * interval '1 second' as ts) t`;
});

type Resource = "clients" | "invoices";

async function expectedOrder(resource: Resource): Promise<string[]> {
  const rows =
    resource === "clients"
      ? await owner<
          { id: string }[]
        >`select id from clients where workspace_id = ${fx.workspaceId} and archived_at is null order by created_at desc, id desc`
      : await owner<{ id: string }[]>`select id from invoices where workspace_id = ${fx.workspaceId} order by created_at desc, id desc`;
  return rows.map((r) => r.id);
}

/** Follows next_cursor to the end; `between(page)` runs after each page is fetched. */
async function walk(resource: Resource, limit: number, between?: (page: number, data: { id: string }[]) => Promise<void>) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const body: ListBody<{ id: string }> = expectJson(
      await api<ListBody<{ id: string }>>("GET", `/api/v1/${resource}?${query}`, { token }),
      200,
    );
    expect(body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...body.data.map((r) => r.id));
    sizes.push(body.data.length);
    if (between) await between(page, body.data);
    cursor = body.next_cursor;
    if (cursor === null) break;
  }
  return { ids, sizes };
}

describe.each(["clients", "invoices"] as const)("/api/v1/%s pagination", (resource) => {
  it("limit must be 1..100: 101 and 0 are 400; 100 returns at most 100 rows", async () => {
    for (const limit of ["101", "0", "-1", "1.5", "ten"]) {
      const problem = expectProblem(await api("GET", `/api/v1/${resource}?limit=${limit}`, { token }), 400, "bad_request");
      expect(Object.keys(problem.errors ?? {})).toEqual(["limit"]);
    }
    const full = expectJson(await api<ListBody<{ id: string }>>("GET", `/api/v1/${resource}?limit=100`, { token }), 200);
    expect(full.data).toHaveLength(SEEDED + 2);
    expect(full.next_cursor).toBeNull();
    const dflt = expectJson(await api<ListBody<{ id: string }>>("GET", `/api/v1/${resource}`, { token }), 200);
    expect(dflt.data).toHaveLength(25);
    expect(typeof dflt.next_cursor).toBe("string");
  });

  it("walking every page returns every row exactly once, newest first (limits 1, 7, 10, 59)", async () => {
    const expected = await expectedOrder(resource);
    expect(expected).toHaveLength(SEEDED + 2);
    for (const limit of [1, 7, 10, 59]) {
      const { ids, sizes } = await walk(resource, limit);
      expect(ids).toEqual(expected);
      expect(sizes).toHaveLength(Math.ceil(expected.length / limit));
    }
  });

  it("rows created or deleted between page fetches never duplicate or drop an original row", async () => {
    const original = await expectedOrder(resource);
    const added: string[] = [];
    const { ids } = await walk(resource, 10, async (page, data) => {
      // New rows through the API (newest of all) …
      if (resource === "clients") {
        const res = expectJson(
          await api<{ id: string }>("POST", "/api/v1/clients", { token, body: { name: `Between ${page}`, currency: "EUR" } }),
          201,
        );
        added.push(res.id);
      } else {
        const res = expectJson(await api<{ id: string }>("POST", "/api/v1/invoices", { token, body: { client_id: fx.clientId } }), 201);
        added.push(res.id);
      }
      // … and a backdated one in the middle of the remaining range (an import).
      const [row] =
        resource === "clients"
          ? await owner<
              { id: string }[]
            >`insert into clients (workspace_id, name, currency, created_at) values (${fx.workspaceId}, ${`Backdated ${page}`}, 'EUR', timestamptz '2025-06-01T11:59:50Z') returning id`
          : await owner<
              { id: string }[]
            >`insert into invoices (workspace_id, client_id, status, currency, issue_date, due_date, subtotal_minor, total_minor, balance_due_minor, created_at)
                                          values (${fx.workspaceId}, ${fx.clientId}, 'draft', 'EUR', date '2025-06-01', date '2025-07-01', 1, 1, 0, timestamptz '2025-06-01T11:59:50Z') returning id`;
      added.push(row!.id);
      // The row the cursor points at disappears before the next page is fetched.
      if (page === 1) {
        const last = data[data.length - 1]!.id;
        if (resource === "clients") await owner`delete from clients where workspace_id = ${fx.workspaceId} and id = ${last}`;
        else await owner`delete from invoices where workspace_id = ${fx.workspaceId} and id = ${last}`;
      }
    });
    expect(new Set(ids).size).toBe(ids.length);
    const originalsSeen = ids.filter((id) => original.includes(id));
    expect(originalsSeen).toEqual(original);
    // Anything else seen is one of the rows added during the walk.
    for (const id of ids.filter((i) => !original.includes(i))) expect(added).toContain(id);
  });

  it("answers 400 to a garbage, tampered or oversized cursor", async () => {
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const cursor of [
      "garbage",
      "%%%",
      Buffer.from("not json").toString("base64url"),
      forged({ createdAt: "2025-01-01T00:00:00Z", id: "x" }),
      forged(["yesterday", "x"]),
      forged(["2025-01-01T00:00:00.000Z"]),
      "a".repeat(501),
    ]) {
      const problem = expectProblem(
        await api("GET", `/api/v1/${resource}?cursor=${encodeURIComponent(cursor)}`, { token }),
        400,
        "bad_request",
      );
      expect(Object.keys(problem.errors ?? {})).toEqual(["cursor"]);
    }
  });
});

describe("rows created in one statement or one transaction (the same created_at)", () => {
  it("walking pages returns every client of a bulk insert exactly once", async () => {
    const bulk = await workspaceFixture(owner, "admin", "bulk");
    const bulkToken = await keyFor(bulk.actor, "admin");
    await owner`insert into clients (workspace_id, name, currency) select ${bulk.workspaceId}, 'Bulk ' || g, 'EUR' from generate_series(1, 30) g`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ListBody<Record<string, unknown>> = expectJson(
        await api("GET", `/api/v1/clients?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: bulkToken }),
        200,
      );
      seen.push(...page.data.map((c) => String(c.id)));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(32);
  });

  it("walking /api/v1/audit-events?limit=1 returns events written in one transaction exactly once", async () => {
    const tx = await workspaceFixture(owner, "admin", "audit-walk");
    const txToken = await keyFor(tx.actor, "admin");
    expect(
      (
        await api("POST", `/api/v1/invoices/${tx.sentInvoiceId}/payments`, {
          token: txToken,
          body: { amount: "90.00", paid_on: tx.today, method: "cash" },
        })
      ).status,
    ).toBe(201);
    const actions: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ListBody<Record<string, unknown>> = expectJson(
        await api("GET", `/api/v1/audit-events?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: txToken }),
        200,
      );
      actions.push(...page.data.map((e) => String(e.action)));
      cursor = page.next_cursor;
    } while (cursor);
    expect(actions.sort()).toEqual(["api_key.created", "invoice.paid", "payment.recorded"]);
  });
});
