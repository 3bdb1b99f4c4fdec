import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pinClockForTests, setClockForTests } from "@/lib/clock";
import { clientBalances } from "@/modules/invoices/invoices.service";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";
import { appErrorOf } from "../support/outcome";

/*
 * A client's page says what they owe per currency: the balance of their sent and overdue invoices and
 * the part past due. Generated invoices (statuses, currencies, due dates, paid amounts) against a sum in
 * JavaScript; drafts and void invoices owe nothing; another workspace's client has no balance here.
 */

const owner = ownerSql();
afterAll(() => owner.end());

let a: WorkspaceFixture;
let b: WorkspaceFixture;
let clientId: string;
const TODAY = "2026-11-20";

interface Row {
  status: string;
  currency: string;
  due: string;
  total: number;
  paid: number;
}
const rows: Row[] = [];

beforeAll(async () => {
  pinClockForTests(`${TODAY}T10:00:00Z`);
  a = await workspaceFixture(owner, "member", "hub-a");
  b = await workspaceFixture(owner, "owner", "hub-b");
  const [c] = await owner<
    { id: string }[]
  >`insert into clients (workspace_id, name, currency) values (${a.workspaceId}, 'Hub Client', 'EUR') returning id`;
  clientId = c!.id;
  let seed = 5;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const statuses = ["draft", "sent", "overdue", "paid", "void"];
  for (let i = 0; i < 40; i++) {
    const status = statuses[Math.floor(next() * statuses.length)]!;
    const currency = ["EUR", "USD", "JPY"][Math.floor(next() * 3)]!;
    const due = `2026-11-${String(10 + Math.floor(next() * 20)).padStart(2, "0")}`;
    const total = 100 + Math.floor(next() * 100000);
    const paid = status === "paid" ? total : status === "sent" || status === "overdue" ? Math.floor(next() * total) : 0;
    const balance = status === "sent" || status === "overdue" ? total - paid : 0;
    const number = status === "draft" ? null : `HUB-${i}`;
    await owner`insert into invoices (workspace_id, client_id, number, status, currency, issue_date, due_date, subtotal_minor, total_minor, amount_paid_minor, balance_due_minor, sent_at)
      values (${a.workspaceId}, ${clientId}, ${number}, ${status}, ${currency}, '2026-11-01', ${due}, ${total}, ${total}, ${paid}, ${balance},
              ${status === "draft" ? null : `${TODAY}T09:00:00Z`}::timestamptz)`;
    rows.push({ status, currency, due, total, paid });
  }
});
afterAll(() => setClockForTests(null));

describe("what a client owes", () => {
  it("sums the open invoices' balances per currency, and the part past due", async () => {
    const expected = new Map<string, { balanceDueMinor: number; openCount: number; overdueMinor: number; overdueCount: number }>();
    for (const r of rows) {
      if (r.status !== "sent" && r.status !== "overdue") continue;
      const e = expected.get(r.currency) ?? { balanceDueMinor: 0, openCount: 0, overdueMinor: 0, overdueCount: 0 };
      e.balanceDueMinor += r.total - r.paid;
      e.openCount += 1;
      if (r.status === "overdue" || r.due < TODAY) {
        e.overdueMinor += r.total - r.paid;
        e.overdueCount += 1;
      }
      expected.set(r.currency, e);
    }
    const got = await clientBalances(a.actor, clientId);
    expect(got).toEqual([...expected.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([currency, e]) => ({ currency, ...e })));
    expect(got.length).toBeGreaterThan(1);
  });

  it("shows nothing for a client of another workspace, and 404s a malformed id", async () => {
    expect(await clientBalances(b.owner, clientId)).toEqual([]);
    expect((await appErrorOf(clientBalances(a.actor, "not-a-uuid"))).code).toBe("not_found");
  });
});
