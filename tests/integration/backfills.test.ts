import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { now, pinClockForTests, setClockForTests } from "@/lib/clock";
import type { Backfill } from "@/platform/backfill";
import { runBackfill, type BackfillEvent } from "@/modules/backfills/backfills.service";
import { recordFailure } from "@/modules/backfills/progress.repo";
import { withTenant } from "@/platform/db/tenant";
import { asWorkspaceId } from "@/lib/ids";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../support/fixtures";

/*
 * Backfills (src/modules/backfills/): workspace by workspace, in batches that are each their own tenant
 * transaction, with progress committed alongside each batch — so a run that is killed resumes where it
 * stopped, and no batch or finished workspace is ever applied twice.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const owner = ownerSql();

/** Extra invoices per workspace: odd ones drafts, even ones sent; all stored with a stale total (499 instead of 600). */
async function staleInvoices(fx: WorkspaceFixture, n: number): Promise<void> {
  const due = fx.today;
  await owner`
    with inv as (
      insert into invoices (workspace_id, client_id, number, status, currency, issue_date, due_date,
                            subtotal_minor, tax_minor, total_minor, balance_due_minor, sent_at)
      select ${fx.workspaceId}, ${fx.clientId}, case when g % 2 = 0 then 'BF-' || g end,
             case when g % 2 = 0 then 'sent' else 'draft' end, 'EUR', ${fx.today}, ${due},
             499, 0, 499, case when g % 2 = 0 then 499 else 0 end, case when g % 2 = 0 then ${now().toISOString()}::timestamptz end
      from generate_series(1, ${n}::int) g
      returning id
    )
    insert into invoice_lines (workspace_id, invoice_id, position, description, quantity_milli, unit_price_minor,
                               tax_rate_id, tax_rate_name, tax_rate_milli_percent, net_minor, tax_minor)
    select ${fx.workspaceId}, id, 1, 'Hours', 1500, 333, ${fx.taxRateId}, 'VAT 20%', 20000, 499, 0 from inv`;
}

async function workspaces(count: number, extra: number, tag: string): Promise<WorkspaceFixture[]> {
  const out: WorkspaceFixture[] = [];
  for (let i = 0; i < count; i++) {
    const fx = await workspaceFixture(owner, "owner", `${tag}${i}`);
    await staleInvoices(fx, extra);
    out.push(fx);
  }
  return out;
}

async function progressOf(name: string, fxs: WorkspaceFixture[]) {
  return owner<
    {
      workspace_id: string;
      status: string;
      batches: number;
      rows_seen: number;
      rows_changed: number;
      rows_reported: number;
      error: string | null;
    }[]
  >`
    select workspace_id, status, batches, rows_seen, rows_changed, rows_reported, error from backfill_progress
    where backfill = ${name} and workspace_id in ${owner(fxs.map((f) => f.workspaceId))}`;
}

async function totalsOf(fx: WorkspaceFixture) {
  return owner<
    {
      status: string;
      number: string | null;
      subtotal_minor: number;
      tax_minor: number;
      total_minor: number;
      net_minor: number;
      line_tax: number;
    }[]
  >`
    select i.status, i.number, i.subtotal_minor::int, i.tax_minor::int, i.total_minor::int, l.net_minor::int, l.tax_minor::int as line_tax
    from invoices i join invoice_lines l on l.workspace_id = i.workspace_id and l.invoice_id = i.id
    where i.workspace_id = ${fx.workspaceId} and l.description = 'Hours'`;
}

const ids = (fxs: WorkspaceFixture[]) => fxs.map((f) => f.workspaceId);

beforeAll(() => pinClockForTests("2026-06-15T10:00:00Z"));
afterAll(async () => {
  setClockForTests(null);
  await owner.end();
});

describe("invoice-totals backfill", () => {
  it("brings stale drafts up to date, leaves sent invoices as sent and reports them, and records progress per workspace", async () => {
    const fxs = await workspaces(3, 7, "bf-totals");
    const events: BackfillEvent[] = [];
    const summary = await runBackfill("invoice-totals", { workspaces: ids(fxs), batchSize: 3, onEvent: (e) => events.push(e) });
    // 9 invoices a workspace (the fixture's draft and sent one, 7 stale): batches of 3 → 3 full batches and an empty one.
    expect(summary).toEqual({
      workspaces: 3,
      done: 3,
      alreadyDone: 0,
      failed: 0,
      batches: 12,
      rowsSeen: 27,
      rowsChanged: 12,
      rowsReported: 9,
    });
    for (const fx of fxs) {
      for (const row of await totalsOf(fx)) {
        if (row.status === "draft")
          expect(row).toMatchObject({ subtotal_minor: 500, tax_minor: 100, total_minor: 600, net_minor: 500, line_tax: 100 });
        else expect(row).toMatchObject({ subtotal_minor: 499, tax_minor: 0, total_minor: 499, net_minor: 499, line_tax: 0 });
      }
    }
    const progress = await progressOf("invoice-totals", fxs);
    expect(progress).toHaveLength(3);
    for (const p of progress)
      expect(p).toMatchObject({ status: "done", batches: 4, rows_seen: 9, rows_changed: 4, rows_reported: 3, error: null });
    const notes = events.flatMap((e) => (e.kind === "batch" ? e.notes : []));
    expect(notes.filter((n) => /^BF-\d+ \(sent\): stored total 499, recomputed 600 EUR/.test(n))).toHaveLength(9);

    // A second run finds every workspace done and touches nothing.
    const before = await Promise.all(fxs.map((fx) => workspaceSnapshot(owner, fx.workspaceId)));
    const again = await runBackfill("invoice-totals", { workspaces: ids(fxs) });
    expect(again).toMatchObject({ done: 0, alreadyDone: 3, batches: 0, rowsChanged: 0 });
    expect(await Promise.all(fxs.map((fx) => workspaceSnapshot(owner, fx.workspaceId)))).toEqual(before);
  });

  it("a dry run reports what it would change and writes nothing, not even progress", async () => {
    const fxs = await workspaces(2, 5, "bf-dry");
    const before = await Promise.all(fxs.map((fx) => workspaceSnapshot(owner, fx.workspaceId)));
    const summary = await runBackfill("invoice-totals", { workspaces: ids(fxs), batchSize: 2, dryRun: true });
    expect(summary).toMatchObject({ done: 2, failed: 0, rowsSeen: 14, rowsChanged: 6, rowsReported: 4 });
    expect(await Promise.all(fxs.map((fx) => workspaceSnapshot(owner, fx.workspaceId)))).toEqual(before);
    expect(await progressOf("invoice-totals", fxs)).toEqual([]);
  });

  it("refuses unknown backfills, unknown workspaces and out-of-range options before touching anything", async () => {
    await expect(runBackfill("no-such-thing")).rejects.toThrow(/Unknown backfill "no-such-thing". Known: invoice-totals/);
    await expect(runBackfill("invoice-totals", { workspaces: ["nope-not-a-slug"] })).rejects.toThrow(
      /No workspace with the slug or id "nope-not-a-slug"/,
    );
    for (const bad of [
      { concurrency: 0 },
      { concurrency: 17 },
      { batchSize: 0 },
      { batchSize: 1.5 },
      { pauseMs: -1 },
      { batchSize: Number.NaN },
    ]) {
      await expect(runBackfill("invoice-totals", bad)).rejects.toThrow(/must be a whole number/);
    }
  });
});

/** A backfill with a visible, non-idempotent effect: one audit event per invoice it passes, and crashes on demand. */
function effectBackfill(name: string, crash: (workspaceId: string, batch: number) => boolean): Backfill {
  const batchesSeen = new Map<string, number>();
  return {
    name,
    description: "test: one audit event per invoice",
    async batch(t, { cursor, size }) {
      const rows = await t.db.execute<{ id: string }>(
        sql`select id from invoices where workspace_id = ${t.workspaceId} and (${cursor}::uuid is null or id > ${cursor}::uuid) order by id limit ${size}`,
      );
      for (const r of rows) {
        await t.db.execute(
          sql`insert into audit_events (workspace_id, action, actor_label, target_type, target_id) values (${t.workspaceId}, ${name}, 'backfill test', 'invoice', ${r.id})`,
        );
      }
      const n = (batchesSeen.get(t.workspaceId) ?? 0) + 1;
      batchesSeen.set(t.workspaceId, n);
      // Thrown after the effect is written: the transaction (effect and progress) must roll back as one.
      if (crash(t.workspaceId, n)) throw new Error(`crash in batch ${n}`);
      return { next: rows.length < size ? null : rows.at(-1)!.id, seen: rows.length, changed: rows.length, reported: 0, notes: [] };
    },
  };
}

async function effectCounts(name: string, fxs: WorkspaceFixture[]) {
  return owner<{ workspace_id: string; invoices: number; effects: number; max_per_invoice: number }[]>`
    select i.workspace_id, count(distinct i.id)::int as invoices, count(e.id)::int as effects,
           coalesce(max((select count(*) from audit_events e2 where e2.workspace_id = i.workspace_id and e2.action = ${name} and e2.target_id = i.id::text)), 0)::int as max_per_invoice
    from invoices i left join audit_events e on e.workspace_id = i.workspace_id and e.action = ${name} and e.target_id = i.id::text
    where i.workspace_id in ${owner(ids(fxs))} group by i.workspace_id`;
}

describe("backfill runner", () => {
  it("a failing batch marks its workspace failed with the error, keeps earlier batches, and the next run resumes after them", async () => {
    const fxs = await workspaces(4, 6, "bf-fail");
    const victim = fxs[1]!.workspaceId;
    const first = await runBackfill(
      effectBackfill("test.fail", (ws, n) => ws === victim && n === 3),
      {
        workspaces: ids(fxs),
        batchSize: 2,
        concurrency: 2,
      },
    );
    expect(first).toMatchObject({ workspaces: 4, done: 3, failed: 1 });
    const progress = await progressOf("test.fail", fxs);
    expect(progress.find((p) => p.workspace_id === victim)).toMatchObject({
      status: "failed",
      batches: 2,
      rows_seen: 4,
      error: "crash in batch 3",
    });
    expect(progress.filter((p) => p.status === "done")).toHaveLength(3);

    const second = await runBackfill(
      effectBackfill("test.fail", () => false),
      { workspaces: ids(fxs), batchSize: 2 },
    );
    expect(second).toMatchObject({ done: 1, alreadyDone: 3, failed: 0, rowsSeen: 4 });
    for (const c of await effectCounts("test.fail", fxs)) expect(c).toMatchObject({ invoices: 8, effects: 8, max_per_invoice: 1 });
  });

  it("a run that crashed after another run finished the workspace does not reopen it (its spent cursor would start over)", async () => {
    const [fx] = await workspaces(1, 2, "bf-reopen");
    expect(
      await runBackfill(
        effectBackfill("test.reopen", () => false),
        { workspaces: ids([fx!]) },
      ),
    ).toMatchObject({ done: 1 });
    // The losing runner's failure arrives late, after the workspace was finished.
    await withTenant({ workspaceId: asWorkspaceId(fx!.workspaceId) }, (t) => recordFailure(t, "test.reopen", "late crash"));
    expect(await progressOf("test.reopen", [fx!])).toEqual([expect.objectContaining({ status: "done", error: null })]);
    expect(
      await runBackfill(
        effectBackfill("test.reopen", () => false),
        { workspaces: ids([fx!]) },
      ),
    ).toMatchObject({ alreadyDone: 1 });
    for (const c of await effectCounts("test.reopen", [fx!])) expect(c).toMatchObject({ invoices: 4, effects: 4, max_per_invoice: 1 });
  });

  it("generated crash patterns and two runners at once: every invoice's effect happens exactly once", async () => {
    const fxs = await workspaces(6, 5, "bf-gen");
    // A seeded pseudo-random crash pattern (printed on failure): about one batch in four crashes.
    let seed = 20261202;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    const runs: Promise<unknown>[] = [];
    for (let round = 0; round < 12; round++) {
      const opts = { workspaces: ids(fxs), batchSize: 1 + (round % 3), concurrency: 1 + (round % 4) };
      // Two runners racing over the same workspaces, each crashing at random.
      runs.push(
        runBackfill(
          effectBackfill("test.gen", () => random() < 0.25),
          opts,
        ),
        runBackfill(
          effectBackfill("test.gen", () => random() < 0.25),
          opts,
        ),
      );
      await Promise.all(runs.splice(0));
    }
    const last = await runBackfill(
      effectBackfill("test.gen", () => false),
      { workspaces: ids(fxs) },
    );
    expect(last.failed, `seed 20261202`).toBe(0);
    const counts = await effectCounts("test.gen", fxs);
    expect(counts).toHaveLength(6);
    for (const c of counts) expect(c, `seed 20261202`).toMatchObject({ invoices: 7, effects: 7, max_per_invoice: 1 });
    for (const p of await progressOf("test.gen", fxs)) expect(p).toMatchObject({ status: "done", rows_seen: 7 });
  });
});

describe("npm run backfill", () => {
  it("killed midway (SIGKILL), the next run resumes: every workspace processed exactly once", async () => {
    const fxs = await workspaces(10, 10, "bf-kill");
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: inject("db").owner, DB_POOL_MAX: "3" };
    const args = (extra: string[]) => [
      "scripts/backfill.ts",
      "invoice-totals",
      ...fxs.flatMap((f) => ["--workspace", f.workspaceId]),
      ...extra,
    ];
    const child = spawn(TSX, args(["--batch-size", "1", "--pause-ms", "40"]), {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    // Kill it once two workspaces are done, in the middle of the third.
    const deadline = performance.now() + 90_000;
    for (;;) {
      const done = (await progressOf("invoice-totals", fxs)).filter((p) => p.status === "done").length;
      if (done >= 2) break;
      if (performance.now() > deadline) throw new Error(`no progress in 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    const atKill = await progressOf("invoice-totals", fxs);
    expect(atKill.filter((p) => p.status === "done").length, output).toBeLessThan(10);

    const resumed = spawn(TSX, args(["--concurrency", "3"]), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out2 = "";
    resumed.stdout!.on("data", (c: Buffer) => (out2 += c.toString()));
    resumed.stderr!.on("data", (c: Buffer) => (out2 += c.toString()));
    const code = await new Promise<number | null>((resolve) => resumed.on("exit", resolve));
    expect(code, out2).toBe(0);
    const doneBefore = atKill.filter((p) => p.status === "done").length;
    expect(out2).toContain(`${10 - doneBefore} workspace(s) done, ${doneBefore} already done, 0 failed`);

    // Exactly once: 12 invoices each, seen once each; batch size 1 then the default 200 are consistent with the counts.
    const progress = await progressOf("invoice-totals", fxs);
    expect(progress).toHaveLength(10);
    for (const p of progress)
      expect(p, out2).toMatchObject({ status: "done", rows_seen: 12, rows_changed: 5, rows_reported: 5, error: null });
    for (const fx of fxs) {
      for (const row of await totalsOf(fx)) expect(row.total_minor).toBe(row.status === "draft" ? 600 : 499);
    }
  });

  it("prints usage for bad arguments and a clear error for an unknown backfill", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: inject("db").owner };
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(TSX, ["scripts/backfill.ts", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        c.stdout!.on("data", (b: Buffer) => (out += b.toString()));
        c.stderr!.on("data", (b: Buffer) => (out += b.toString()));
        c.on("exit", (code) => resolve({ code, out }));
      });
    expect(await run([])).toMatchObject({ code: 2, out: expect.stringContaining("Usage: npm run backfill") });
    expect(await run(["--list"])).toMatchObject({ code: 0, out: expect.stringContaining("invoice-totals\t") });
    expect(await run(["nope"])).toMatchObject({ code: 2, out: expect.stringContaining('Unknown backfill "nope"') });
    expect(await run(["invoice-totals", "--concurrency", "x"])).toMatchObject({
      code: 2,
      out: expect.stringContaining("--concurrency must be a whole number"),
    });
  });
});
