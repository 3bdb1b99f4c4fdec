import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pinClockForTests, setClockForTests } from "@/lib/clock";
import * as invoices from "@/modules/invoices/invoices.service";
import * as clients from "@/modules/clients/clients.service";
import { INVOICE_SORTS } from "@/modules/invoices/invoices.schemas";
import { appErrorOf } from "../support/outcome";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";

/*
 * The invoice list is keyset-paged in every order it offers (the page's sortable columns and the
 * API's `sort`/`dir`). Walking the pages must give exactly the rows of one ORDER BY over the whole
 * list, with ties (same date, same total, same client, drafts without a number) neither skipped nor
 * repeated. The expectation is an independent query, not the list's own statement.
 */

const owner = ownerSql();
afterAll(() => owner.end());
afterEach(() => setClockForTests(null));

const ORDER_SQL: Record<(typeof INVOICE_SORTS)[number], string> = {
  created_at: "",
  issue_date: "i.issue_date",
  due_date: "i.due_date",
  number: "coalesce(i.number, '')",
  total: "i.total_minor",
  client: "lower(c.name)",
  status: "i.status",
};

let fx: WorkspaceFixture;

async function expectedOrder(sort: (typeof INVOICE_SORTS)[number], dir: "asc" | "desc", status?: string[]): Promise<string[]> {
  const key = ORDER_SQL[sort];
  const order = [key, "i.created_at", "i.id"].filter(Boolean).map((k) => `${k} ${dir}`);
  const where = status ? `and i.status in (${status.map((s) => `'${s}'`).join(", ")})` : "";
  const rows = await owner.unsafe<{ id: string }[]>(
    `select i.id from invoices i join clients c on c.workspace_id = i.workspace_id and c.id = i.client_id
     where i.workspace_id = $1 ${where} order by ${order.join(", ")}`,
    [fx.workspaceId],
  );
  return rows.map((r) => r.id);
}

async function walk(query: Record<string, unknown>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const page = await invoices.listInvoices(fx.actor, { ...query, cursor });
    seen.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("the walk did not end");
}

beforeAll(async () => {
  pinClockForTests("2026-11-20T10:00:00Z");
  fx = await workspaceFixture(owner, "owner", "order");
  const names = ["alice", "Alice", "Bob", "Ångström", "bob"];
  const clientIds = [fx.clientId];
  for (const name of names) clientIds.push((await clients.createClient(fx.actor, { name, currency: "EUR" })).id);
  // 26 invoices over few distinct values, so every order has long runs of ties.
  for (let i = 0; i < 26; i++) {
    const inv = await invoices.createInvoice(fx.actor, {
      clientId: clientIds[i % clientIds.length]!,
      issueDate: `2026-10-0${1 + (i % 4)}`,
      dueDate: `2026-12-0${1 + (i % 2)}`,
      lines: [{ description: `Work ${i}`, quantity: "1", unitPrice: ["100.00", "250.00", "100.00", "9.99"][i % 4]!, taxRateId: null }],
    });
    if (i % 3 === 0) await invoices.sendInvoice(fx.actor, inv.id);
    if (i % 9 === 0) await invoices.voidInvoice(fx.actor, inv.id);
  }
  // Creation times tie too (three distinct instants), so the id alone breaks the last ties.
  await owner`update invoices set created_at = timestamptz '2026-11-01 10:00:00Z' + (abs(hashtext(id::text)) % 3) * interval '1 hour'
              where workspace_id = ${fx.workspaceId}`;
  pinClockForTests("2026-11-20T10:00:00Z");
});

describe("the invoice list in every order", () => {
  for (const sort of INVOICE_SORTS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`${sort} ${dir}: pages of 1, 4 and 7 give the whole list in order, once each`, async () => {
        pinClockForTests("2026-11-20T10:00:00Z");
        const expected = await expectedOrder(sort, dir);
        expect(expected.length).toBeGreaterThanOrEqual(26);
        for (const limit of [1, 4, 7]) expect(await walk({ sort, dir, limit })).toEqual(expected);
        // With a filter, the same holds for the rows it keeps.
        expect(await walk({ sort, dir, limit: 5, status: "sent,overdue" })).toEqual(await expectedOrder(sort, dir, ["sent", "overdue"]));
      });
    }
  }

  it("counts what the filters keep", async () => {
    expect(await invoices.countInvoices(fx.actor, {})).toBe((await expectedOrder("created_at", "asc")).length);
    expect(await invoices.countInvoices(fx.actor, { status: "draft" })).toBe((await expectedOrder("created_at", "asc", ["draft"])).length);
  });

  it("refuses a cursor made for another order, instead of skipping or repeating rows", async () => {
    const first = await invoices.listInvoices(fx.actor, { sort: "total", dir: "asc", limit: 3 });
    expect(first.nextCursor).not.toBeNull();
    for (const other of <Record<string, string>[]>[
      { sort: "total", dir: "desc" },
      { sort: "issue_date", dir: "asc" },
      { sort: "created_at", dir: "desc" },
      {},
    ]) {
      const err = await appErrorOf(invoices.listInvoices(fx.actor, { ...other, limit: 3, cursor: first.nextCursor! }));
      expect(err?.code).toBe("bad_request");
      expect(err?.fieldErrors?.cursor).toBeDefined();
    }
    // The same order takes it.
    const second = await invoices.listInvoices(fx.actor, { sort: "total", dir: "asc", limit: 3, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(3);
  });

  it("refuses every one-character change of a sorted cursor", async () => {
    const { nextCursor } = await invoices.listInvoices(fx.actor, { sort: "client", dir: "desc", limit: 2 });
    const cursor = nextCursor!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < cursor.length; i++) {
      if (cursor[i] === ".") continue;
      const replacement = alphabet[(alphabet.indexOf(cursor[i]!) + 1 + (i % 63)) % alphabet.length]!;
      const edited = cursor.slice(0, i) + replacement + cursor.slice(i + 1);
      const err = await appErrorOf(invoices.listInvoices(fx.actor, { sort: "client", dir: "desc", limit: 2, cursor: edited }));
      expect(err?.code, `position ${i}`).toBe("bad_request");
    }
  });
});
