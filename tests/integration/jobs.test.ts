import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { asWorkspaceId, type WorkspaceId } from "@/lib/ids";
import { setClockForTests } from "@/lib/clock";
import { withTenant } from "@/platform/db/tenant";
import { startJobQueue, type JobQueue, type WorkspaceJob } from "@/platform/jobs/queue";
import { claimEffect, listJobFailures } from "@/platform/jobs/store";
import { overdueJob } from "@/modules/invoices/overdue-job";
import { getJobActivity } from "@/modules/jobs/jobs.service";
import { AppError } from "@/platform/errors";
import * as invoices from "@/modules/invoices/invoices.service";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";

/*
 * The job queue (src/platform/jobs/) on the real database: jobs run in their workspace's tenant
 * transaction, retry with backoff, land in job_failures when they fail for good, and a scheduled
 * period has its effect once however often it is queued.
 */
const owner = ownerSql();
let a: WorkspaceFixture;
let b: WorkspaceFixture;
let queue: JobQueue;
const ran: { job: string; workspaceId: string; seen: string | undefined; attempt: number }[] = [];
const errors: string[] = [];

/** Fails on its first `data.failTimes` attempts, then writes an audit event (its effect). */
const flaky: WorkspaceJob<{ failTimes: number; tag: string }> = {
  name: "test.flaky",
  retryLimit: 2,
  retryDelaySeconds: 1,
  async run(t, job) {
    const [row] = await t.db.execute<{ ws: string }>(sql`select current_setting('app.workspace_id', true) as ws`);
    ran.push({ job: "flaky", workspaceId: t.workspaceId, seen: row?.ws, attempt: job.attempt });
    if (job.attempt < job.data.failTimes) throw new Error(`flaky failure ${job.attempt + 1} (${job.data.tag})`);
    await t.db.execute(
      sql`insert into audit_events (workspace_id, action, actor_label, target_type, detail) values (${t.workspaceId}, 'test.flaky', 'jobs test', 'job', ${JSON.stringify({ tag: job.data.tag })}::jsonb)`,
    );
  },
};

beforeAll(async () => {
  a = await workspaceFixture(owner, "owner", "jobs-a");
  b = await workspaceFixture(owner, "owner", "jobs-b");
  const originalError = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(args.map(String).join(" "));
    if (!String(args[0]).startsWith("jobs:")) originalError(...args);
  };
  queue = await startJobQueue({
    url: process.env.WL_JOBS_DATABASE_URL!,
    jobs: [flaky, overdueJob],
    listWorkspaces: async () => [a, b].map((fx) => ({ workspaceId: asWorkspaceId(fx.workspaceId) })),
    intervals: { polling: 0.5, maintenance: 1 },
  });
});

afterAll(async () => {
  await queue?.stop();
  await owner.end();
  setClockForTests(null);
});

const ws = (fx: WorkspaceFixture): WorkspaceId => asWorkspaceId(fx.workspaceId);

describe("job queue", () => {
  it("runs a job in its workspace's tenant transaction and retries it with backoff until it succeeds", async () => {
    const id = await queue.send(flaky, ws(a), { failTimes: 2, tag: "retry-ok" });
    expect(await queue.waitFor(flaky.name, id!, 60_000)).toBe(true);
    const runs = ran.filter((r) => r.workspaceId === a.workspaceId);
    expect(runs.map((r) => r.attempt)).toEqual([0, 1, 2]);
    expect(runs.every((r) => r.seen === a.workspaceId)).toBe(true);
    const [n] = await owner<{ n: number }[]>`
      select count(*)::int as n from audit_events where workspace_id = ${a.workspaceId} and action = 'test.flaky' and detail->>'tag' = 'retry-ok'`;
    expect(n!.n).toBe(1);
    expect(await withTenant({ workspaceId: ws(a) }, (t) => listJobFailures(t, 10))).toEqual([]);
  });

  it("records a job that fails for good for its workspace only, with the error, and logs it", async () => {
    const id = await queue.send(flaky, ws(b), { failTimes: 99, tag: "never" });
    expect(await queue.waitFor(flaky.name, id!, 60_000)).toBe(false);
    const failures = await withTenant({ workspaceId: ws(b) }, (t) => listJobFailures(t, 10));
    expect(failures.map((f) => ({ job: f.job, jobId: f.jobId, attempts: f.attempts, error: f.error }))).toEqual([
      { job: "test.flaky", jobId: id, attempts: 3, error: "flaky failure 3 (never)" },
    ]);
    expect(await withTenant({ workspaceId: ws(a) }, (t) => listJobFailures(t, 10))).toEqual([]);
    expect(errors.filter((e) => e.includes(id!)).map((e) => /for good|will retry/.exec(e)?.[0])).toEqual([
      "will retry",
      "will retry",
      "for good",
    ]);

    // The Activity page's data: the workspace's admins see it with its error, a member may not, A sees nothing of B's.
    const seen = await getJobActivity(b.actor);
    expect(seen.failures.map((f) => ({ jobId: f.jobId, error: f.error }))).toEqual([{ jobId: id, error: "flaky failure 3 (never)" }]);
    const member = { ...b.actor, userId: b.memberUserId as typeof b.actor.userId, role: "member" as const };
    await expect(getJobActivity(member)).rejects.toBeInstanceOf(AppError);
    expect((await getJobActivity(a.actor)).failures).toEqual([]);
  });

  it("a job sent twice with the same key is queued once", async () => {
    const first = await queue.send(flaky, ws(a), { failTimes: 0, tag: "keyed" }, { key: "k-1" });
    const second = await queue.send(flaky, ws(a), { failTimes: 0, tag: "keyed" }, { key: "k-1" });
    expect(second).toBe(first);
    expect(await queue.waitFor(flaky.name, first!, 60_000)).toBe(true);
    const [n] = await owner<{ n: number }[]>`
      select count(*)::int as n from audit_events where workspace_id = ${a.workspaceId} and detail->>'tag' = 'keyed'`;
    expect(n!.n).toBe(1);
  });

  it("claims an effect once per workspace: the second claim of the same key answers false", async () => {
    for (const fx of [a, b]) {
      expect(await withTenant({ workspaceId: ws(fx) }, (t) => claimEffect(t, "test.claim", "p-1", "j-1"))).toBe(true);
      expect(await withTenant({ workspaceId: ws(fx) }, (t) => claimEffect(t, "test.claim", "p-1", "j-2"))).toBe(false);
    }
  });

  it("the scheduled overdue job marks each workspace's late invoices once per period, however often it is queued", async () => {
    // Sent before its due date, whatever day the suite runs (CI also runs it at fixed instants).
    setClockForTests(() => new Date("2026-11-20T10:00:00Z"));
    const drafts = await invoices.createInvoice(a.actor, {
      clientId: a.clientId,
      issueDate: "2026-09-01",
      dueDate: "2026-12-31",
      lines: [{ description: "Late", quantity: "1", unitPrice: "10" }],
    });
    const late = await invoices.sendInvoice(a.actor, drafts.id);
    expect(late.status).toBe("sent");
    setClockForTests(() => new Date("2027-01-15T12:00:00Z"));
    const period = "2027-01-15T12:00:00.000Z";
    const ids = await queue.runScheduledNow(overdueJob.name, period);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await queue.waitFor(overdueJob.name, id, 60_000)).toBe(true);
    const [row] = await owner<{ status: string }[]>`select status from invoices where workspace_id = ${a.workspaceId} and id = ${late.id}`;
    expect(row!.status).toBe("overdue");

    // The same period again (a second instance, a retried sweep): the same job ids, nothing runs twice.
    expect(await queue.runScheduledNow(overdueJob.name, period)).toEqual(ids);
    const effects = await owner<{ workspace_id: string; n: number }[]>`
      select workspace_id, count(*)::int as n from job_effects where job = ${overdueJob.name} and effect_key = ${period}
      group by workspace_id order by workspace_id`;
    expect(effects.map((e) => e.n)).toEqual([1, 1]);
    const [audits] = await owner<{ n: number }[]>`
      select count(*)::int as n from audit_events where workspace_id = ${a.workspaceId} and action = 'invoice.overdue' and target_id = ${late.id}`;
    expect(audits!.n).toBe(1);
  });
});

describe("schedules", () => {
  it("a schedule turned off in the configuration is removed from the database at the next start", async () => {
    const schedules = async () =>
      (await owner<{ name: string }[]>`select name from workledger_jobs.schedule where name like 'invoices.overdue%'`).map((r) => r.name);
    const start = (everyMinutes: number) =>
      startJobQueue({
        url: process.env.WL_JOBS_DATABASE_URL!,
        jobs: [overdueJob],
        schedules: everyMinutes > 0 ? [{ job: overdueJob.name, everyMinutes }] : [],
        listWorkspaces: async () => [],
      });
    const on = await start(60);
    await on.stop();
    expect(await schedules()).toEqual(["invoices.overdue.schedule"]);
    const off = await start(0);
    await off.stop();
    expect(await schedules()).toEqual([]);
  });
});
