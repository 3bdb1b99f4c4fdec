import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { pinClockForTests, setClockForTests } from "@/lib/clock";
import { reloadConfig } from "@/platform/config";
import { instanceAnalytics, isInstanceAdmin, recentInstanceAudit } from "@/modules/analytics/analytics.service";
import { ownerSql } from "../support/auth-client";

/*
 * The instance analytics path: its role reaches aggregate views only (never a tenant or identity
 * table), the views leave out groups of fewer than five workspaces, only verified instance
 * administrators get figures, and every use is audited.
 */
const owner = ownerSql();
const analytics = postgres(inject("db").analytics, { max: 1, onnotice: () => {} });
const tenant = postgres(inject("db").tenant, { max: 1, onnotice: () => {} });
const ADMIN = { kind: "user" as const, name: "Instance Admin", email: "Ops@Example.test", emailVerified: true };

beforeAll(() => {
  pinClockForTests("2026-06-15T10:00:00Z");
  process.env.INSTANCE_ADMIN_EMAILS = " ops@example.test , second@example.test";
  reloadConfig();
});
afterAll(async () => {
  delete process.env.INSTANCE_ADMIN_EMAILS;
  reloadConfig();
  setClockForTests(null);
  await Promise.all([owner.end(), analytics.end(), tenant.end()]);
});

async function errorCode(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "none";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/** Workspaces, each with one sent invoice on `day` in `currency`, of `totalMinor` each. */
async function workspacesSending(n: number, day: string, currency: string, totalMinor: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const ws = randomUUID();
    await owner`insert into workspaces (id, name, slug, created_at) values (${ws}, 'Analytics WS', ${`an-${ws}`}, ${`${day}T08:00:00Z`}::timestamptz)`;
    const [client] = await owner<
      { id: string }[]
    >`insert into clients (workspace_id, name, currency) values (${ws}, 'Secret Client Name', ${currency}) returning id`;
    await owner`
      insert into invoices (workspace_id, client_id, number, status, currency, issue_date, due_date, total_minor, subtotal_minor, balance_due_minor, sent_at, created_at)
      values (${ws}, ${client!.id}, 'SECRET-1', 'sent', ${currency}, ${day}, ${day}, ${totalMinor}, ${totalMinor}, ${totalMinor},
              ${`${day}T09:00:00Z`}::timestamptz, ${`${day}T09:00:00Z`}::timestamptz)`;
  }
}

describe("the analytics role", () => {
  it("is refused on every table of the app (tenant and identity) and of the job queue, and cannot become the views' owner", async () => {
    const tables = await owner<{ schema: string; name: string }[]>`
      select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'workledger_jobs') and c.relkind in ('r', 'p', 'v', 'm') order by 1, 2`;
    expect(tables.length).toBeGreaterThan(20);
    const outcomes = await Promise.all(
      tables.map(
        async (t) => `${t.schema}.${t.name}: ${await errorCode(() => analytics.unsafe(`select * from "${t.schema}"."${t.name}" limit 1`))}`,
      ),
    );
    // 42501: permission denied (for the schema, before any table is looked at).
    expect(outcomes.filter((o) => !o.endsWith(": 42501"))).toEqual([]);
    expect(await errorCode(() => analytics`set role workledger_analytics_views`)).toBe("42501");
    expect(await errorCode(() => analytics`insert into analytics.signups_daily (day, signups) values ('2020-01-01', 1)`)).not.toBe("none");
    expect(await errorCode(() => analytics`delete from analytics.instance_audit_events`)).toBe("42501");
    const [role] = await owner<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }[]>`
      select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'workledger_analytics'`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: true });
  });

  it("the product's tenant role cannot reach the analytics schema", async () => {
    expect(await errorCode(() => tenant`select * from analytics.invoices_sent_daily`)).toBe("42501");
    expect(await errorCode(() => tenant`select * from analytics.instance_audit_events`)).toBe("42501");
  });

  it("the views carry only days, currencies and counts or sums — no ids, names, emails or numbers", async () => {
    const columns = await owner<{ view: string; column: string }[]>`
      select table_name as view, column_name as column from information_schema.columns
      where table_schema = 'analytics' and table_name <> 'instance_audit_events' order by 1, 2`;
    expect(new Set(columns.map((c) => c.view))).toEqual(
      new Set(["signups_daily", "workspaces_created_daily", "active_workspaces_daily", "invoices_sent_daily"]),
    );
    const allowed = new Set(["day", "currency", "signups", "workspaces", "invoices", "amount_minor"]);
    expect(columns.filter((c) => !allowed.has(c.column))).toEqual([]);
  });
});

describe("small groups are suppressed", () => {
  it("a day and currency covering 4 workspaces is not shown; with a 5th it is, with exact sums", async () => {
    // Days decades back, that no other test writes.
    await workspacesSending(4, "1999-03-01", "CHF", 12_345);
    let seen = await analytics<
      { invoices: number; amount_minor: string }[]
    >`select * from analytics.invoices_sent_daily where day = '1999-03-01'`;
    expect(seen).toEqual([]);
    expect(await analytics`select * from analytics.active_workspaces_daily where day = '1999-03-01'`).toEqual([]);
    expect(await analytics`select * from analytics.workspaces_created_daily where day = '1999-03-01'`).toEqual([]);

    await workspacesSending(1, "1999-03-01", "CHF", 2 ** 52);
    seen = await analytics<{ invoices: number; amount_minor: string }[]>`
      select day::text, currency, invoices, amount_minor, workspaces from analytics.invoices_sent_daily where day = '1999-03-01'`;
    expect(seen).toEqual([{ day: "1999-03-01", currency: "CHF", invoices: 5, amount_minor: String(4 * 12_345 + 2 ** 52), workspaces: 5 }]);
    expect(await analytics`select day::text, workspaces from analytics.active_workspaces_daily where day = '1999-03-01'`).toEqual([
      { day: "1999-03-01", workspaces: 5 },
    ]);
    expect(await analytics`select day::text, workspaces from analytics.workspaces_created_daily where day = '1999-03-01'`).toEqual([
      { day: "1999-03-01", workspaces: 5 },
    ]);
  });

  it("generated group sizes 1–8 per currency: shown exactly when at least 5 workspaces", async () => {
    const currencies = ["AUD", "CAD", "DKK", "HUF", "NOK", "PLN", "SEK", "JPY"];
    for (const [i, currency] of currencies.entries()) await workspacesSending(i + 1, "1999-04-02", currency, 100 * (i + 1));
    const rows = await analytics<{ currency: string; workspaces: number; amount_minor: string }[]>`
      select currency, workspaces, amount_minor from analytics.invoices_sent_daily where day = '1999-04-02' order by currency`;
    const expected = currencies
      .map((currency, i) => ({ currency, workspaces: i + 1, amount_minor: String((i + 1) * 100 * (i + 1)) }))
      .filter((r) => r.workspaces >= 5)
      .sort((a, b) => a.currency.localeCompare(b.currency));
    expect(rows).toEqual(expected);
  });

  it("signups per day: 4 people hidden, 5 shown", async () => {
    const addUsers = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        await owner`insert into users (id, name, email, created_at) values (${id}, 'Someone', ${`an-${id}@example.test`}, '1999-05-03T10:00:00Z')`;
      }
    };
    await addUsers(4);
    expect(await analytics`select * from analytics.signups_daily where day = '1999-05-03'`).toEqual([]);
    await addUsers(1);
    expect(await analytics`select day::text, signups from analytics.signups_daily where day = '1999-05-03'`).toEqual([
      { day: "1999-05-03", signups: 5 },
    ]);
  });
});

describe("instanceAnalytics", () => {
  it("only verified addresses listed in INSTANCE_ADMIN_EMAILS are administrators (case and spaces ignored)", () => {
    expect(isInstanceAdmin({ email: "ops@example.test", emailVerified: true })).toBe(true);
    expect(isInstanceAdmin({ email: " OPS@example.test", emailVerified: true })).toBe(true);
    expect(isInstanceAdmin({ email: "second@example.test", emailVerified: true })).toBe(true);
    expect(isInstanceAdmin({ email: "ops@example.test", emailVerified: false })).toBe(false);
    for (const email of ["", "ops@example.tes", "xops@example.test", "ops@example.test,second@example.test", "example.test"]) {
      expect(isInstanceAdmin({ email, emailVerified: true }), email).toBe(false);
    }
  });

  it("refuses everyone else with a 404 before reading or auditing anything", async () => {
    const count = async () => (await owner<{ n: number }[]>`select count(*)::int as n from analytics.instance_audit_events`)[0]!.n;
    const before = await count();
    for (const actor of [
      { ...ADMIN, email: "someone@example.test" },
      { ...ADMIN, emailVerified: false },
    ]) {
      await expect(instanceAnalytics(actor, {})).rejects.toMatchObject({ code: "not_found" });
      await expect(recentInstanceAudit(actor)).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await count()).toBe(before);
  });

  it("answers the range's figures, and writes one audit record per use, with who and which range", async () => {
    const result = await instanceAnalytics(ADMIN, { from: "1999-03-01", to: "1999-05-31" });
    expect(result.range).toEqual({ from: "1999-03-01", to: "1999-05-31" });
    expect(result.suppressionThreshold).toBe(5);
    expect(result.invoicesSent.find((r) => r.day === "1999-03-01" && r.currency === "CHF")).toMatchObject({ invoices: 5, workspaces: 5 });
    expect(result.signups).toContainEqual({ day: "1999-05-03", signups: 5 });
    expect(result.invoicesSent.every((r) => r.workspaces >= 5)).toBe(true);

    pinClockForTests("2026-06-15T10:01:00Z");
    await instanceAnalytics({ kind: "cli", osUser: "operator" }, {});
    const audit = await recentInstanceAudit(ADMIN, 2);
    expect(audit).toEqual([
      { action: "analytics.viewed", actorLabel: "cli:operator", at: "2026-06-15T10:01:00.000Z" },
      { action: "analytics.viewed", actorLabel: "Instance Admin <Ops@Example.test>", at: "2026-06-15T10:00:00.000Z" },
    ]);
    const [last] = await owner<{ detail: unknown; created_at: Date }[]>`
      select detail, created_at from analytics.instance_audit_events where actor_label = 'cli:operator' order by created_at desc limit 1`;
    expect(last).toEqual({ detail: { from: "2026-03-18", to: "2026-06-15" }, created_at: new Date("2026-06-15T10:01:00Z") });
  });

  it("refuses a bad range with a field error", async () => {
    for (const [range, field] of [
      [{ from: "2026-06-02", to: "2026-06-01" }, "from"],
      [{ from: "2024-01-01", to: "2026-01-01" }, "from"],
      [{ from: "not a date" }, "from"],
      [{ to: "2026-02-30" }, "to"],
    ] as const) {
      await expect(instanceAnalytics(ADMIN, range), JSON.stringify(range)).rejects.toMatchObject({
        code: "validation_failed",
        fieldErrors: { [field]: expect.any(Array) },
      });
    }
  });
});
