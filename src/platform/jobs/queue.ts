import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import type { WorkspaceId } from "@/lib/ids";
import { JOBS_SCHEMA } from "@/platform/db/roles";
import { withTenant, type TenantScope } from "@/platform/db/tenant";
import { pgOptions } from "./connection";
import { claimEffect, recordJobFailure } from "./store";

/** What a job receives besides its tenant transaction. */
export interface JobRun<D> {
  /** The queue's id of this job (the same on every attempt). */
  readonly id: string;
  readonly data: D;
  /** The scheduled period it belongs to (ISO instant of the period's start), for scheduled jobs. */
  readonly period?: string;
  /** 0 on the first attempt. */
  readonly attempt: number;
  /**
   * Runs `fn` once this attempt's tenant transaction committed (queuing the jobs of rows it wrote: a job
   * queued before the commit could run before its rows exist). Not called when the attempt fails.
   */
  readonly onCommit?: (fn: () => Promise<void>) => void;
}

/**
 * A job that acts on one workspace. `run` is called inside that workspace's tenant transaction
 * (withTenant): everything it writes commits together, or not at all. A scheduled run also claims its
 * period in job_effects in the same transaction, so it has its effect once even when it runs again.
 */
export interface WorkspaceJob<D extends object = Record<string, never>> {
  readonly name: string;
  /** Attempts after the first (default 4), spaced by exponential backoff from retryDelaySeconds (default 30). */
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  /** How long one attempt may run before the queue counts it as lost and runs it again (default 15 minutes). */
  readonly expireInSeconds?: number;
  run(t: TenantScope, job: JobRun<D>): Promise<void>;
  /**
   * Called after a failed attempt (its transaction rolled back), in a new tenant transaction of the
   * same workspace, so the job can record what happened (the invoice email records each attempt and,
   * when `final`, marks its delivery failed). The job_failures row of a final failure commits with it.
   */
  failed?(t: TenantScope, job: JobRun<D>, failure: { error: string; final: boolean }): Promise<void>;
}

/** Runs `job` for every workspace once per period of `everyMinutes`, however many instances are up. */
export interface JobSchedule {
  readonly job: string;
  readonly everyMinutes: number;
}

interface WorkspaceJobData {
  workspaceId: string;
  period?: string;
  data?: object;
}

export interface JobQueueOptions {
  /** The queue role's connection URL (WL_JOBS_DATABASE_URL). */
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job checks its own data
  jobs: readonly WorkspaceJob<any>[];
  schedules?: readonly JobSchedule[];
  /** The workspaces a scheduled job runs for (from the identity tables). */
  listWorkspaces: () => Promise<{ workspaceId: WorkspaceId }[]>;
  log?: (line: string) => void;
  /** Polling and monitoring intervals in seconds (tests shorten them). */
  intervals?: { polling?: number; cron?: number; maintenance?: number };
  /** Called after a job's tenant transaction committed and before the queue is told (tests stop the process there). */
  afterCommit?: (job: { name: string; id: string }) => Promise<void>;
}

export interface JobQueue {
  /** Queues a job for one workspace; `key` makes it once-only (the same key queues nothing the second time). */
  send<D extends object>(job: WorkspaceJob<D>, workspaceId: WorkspaceId, data: D, opts?: { key?: string }): Promise<string | null>;
  /** Queues `job` for every workspace for the current period (what the schedule does), and returns the ids queued now. */
  runScheduledNow(job: string, period: string): Promise<string[]>;
  /** Resolves when the job finished (completed → true, failed for good → false). */
  waitFor(job: string, id: string, timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

const sweepQueue = (job: string) => `${job}.schedule`;

/*
 * The queue this process runs, if any, for services that queue work after their transaction commits
 * (on globalThis: Next.js bundles its own copy of this module, and both copies must see the one queue).
 */
const holder = globalThis as typeof globalThis & { __workledgerJobQueue?: JobQueue };

/** A UUID that is the same for the same job, workspace and period: a second insert of it is a no-op. */
function stableJobId(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** pg-boss reads `singleton_on` (timestamp without time zone, in UTC) as a local time: take its fields back as UTC. */
function periodOf(singletonOn: Date): string {
  const d = singletonOn;
  const utc = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds());
  return new Date(utc).toISOString();
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Creates the queue, or brings its options up to date. Instances that start together race to create
 * the same queue (pg-boss adds a table partition per queue, and the two creations can deadlock):
 * the loser waits a moment and looks again.
 */
async function ensureQueue(boss: PgBoss, queue: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await boss.getQueue(queue.name)) await boss.updateQueue(queue.name, queue);
      else await boss.createQueue(queue.name, queue);
      return;
    } catch (err) {
      if (attempt >= 8) throw err;
      await sleep(50 + Math.random() * 100 * attempt);
    }
  }
}

/**
 * Starts the PostgreSQL-backed job queue (pg-boss, in its own schema, as its own role) and works the
 * given jobs. Every instance of the app may start it: pg-boss hands each job to one worker
 * (SKIP LOCKED), the scheduler creates one job per period (a singleton slot), and a job whose worker
 * died is taken up again once its attempt expires.
 */
export async function startJobQueue(opts: JobQueueOptions): Promise<JobQueue> {
  const log = opts.log ?? (() => {});
  const intervals = opts.intervals ?? {};
  const boss = new PgBoss({
    ...pgOptions(opts.url),
    schema: JOBS_SCHEMA,
    max: 4,
    migrate: false,
    application_name: "workledger-jobs",
    ...(intervals.cron ? { cronMonitorIntervalSeconds: intervals.cron, cronWorkerIntervalSeconds: intervals.cron } : {}),
    ...(intervals.maintenance ? { maintenanceIntervalSeconds: intervals.maintenance } : {}),
  });
  boss.on("error", (err) => console.error(`jobs: queue error: ${messageOf(err)}`));
  await boss.start();

  const byName = new Map(opts.jobs.map((j) => [j.name, j]));
  const workOptions = { includeMetadata: true as const, ...(intervals.polling ? { pollingIntervalSeconds: intervals.polling } : {}) };

  for (const job of opts.jobs) {
    await ensureQueue(boss, {
      name: job.name,
      retryLimit: job.retryLimit ?? 4,
      retryDelay: job.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
    });
    await boss.work<WorkspaceJobData>(job.name, workOptions, async ([j]) => {
      if (!j) return;
      await runOne(job, j);
    });
  }

  async function runOne(job: WorkspaceJob<object>, j: PgBoss.JobWithMetadata<WorkspaceJobData>): Promise<void> {
    const workspaceId = j.data.workspaceId as WorkspaceId;
    let committed: (() => Promise<void>)[] = [];
    const run: JobRun<object> = {
      id: j.id,
      data: j.data.data ?? {},
      period: j.data.period,
      attempt: j.retryCount,
      onCommit: (fn) => committed.push(fn),
    };
    try {
      await withTenant({ workspaceId }, async (t) => {
        committed = []; // a transaction run again (serialization failure) starts over
        if (run.period && !(await claimEffect(t, job.name, run.period, j.id))) {
          log(`jobs: ${job.name} for ${workspaceId}, period ${run.period}: already done`);
          return;
        }
        await job.run(t, run);
      });
    } catch (err) {
      const final = j.retryCount >= j.retryLimit;
      const message = messageOf(err);
      console.error(
        `jobs: ${job.name} ${j.id} for workspace ${workspaceId} failed (attempt ${j.retryCount + 1} of ${j.retryLimit + 1})` +
          `${final ? ", for good" : ", will retry"}: ${message}`,
      );
      if (final || job.failed) {
        await withTenant({ workspaceId }, async (t) => {
          if (job.failed) await job.failed(t, run, { error: message, final });
          if (final) await recordJobFailure(t, { job: job.name, jobId: j.id, attempts: j.retryCount + 1, error: message });
        }).catch((e: unknown) => console.error(`jobs: could not record the failure of ${j.id}: ${messageOf(e)}`));
      }
      throw err;
    }
    for (const fn of committed) {
      await fn().catch((e: unknown) => console.error(`jobs: ${job.name} ${j.id}: after its commit: ${messageOf(e)}`));
    }
    if (opts.afterCommit) await opts.afterCommit({ name: job.name, id: j.id });
  }

  async function queueForEveryWorkspace(jobName: string, period: string): Promise<string[]> {
    const job = byName.get(jobName);
    if (!job) throw new Error(`no job named ${jobName}`);
    const workspaces = await opts.listWorkspaces();
    if (workspaces.length === 0) return [];
    const rows: PgBoss.JobInsert<WorkspaceJobData>[] = workspaces.map((ws) => ({
      id: stableJobId(jobName, ws.workspaceId, period),
      name: jobName,
      data: { workspaceId: ws.workspaceId, period },
    }));
    await boss.insert(rows);
    return rows.map((r) => r.id!);
  }

  for (const s of opts.schedules ?? []) {
    if (!byName.has(s.job)) throw new Error(`schedule for unknown job ${s.job}`);
    const sweep = sweepQueue(s.job);
    await ensureQueue(boss, { name: sweep, retryLimit: 2, retryDelay: 10, retryBackoff: true });
    // Every minute each instance offers the period's sweep; the singleton slot keeps one per period.
    await boss.schedule(sweep, "* * * * *", {}, { singletonSeconds: Math.max(1, Math.round(s.everyMinutes * 60)) });
    await boss.work<object>(sweep, workOptions, async ([j]) => {
      if (!j?.singletonOn) return;
      const period = periodOf(j.singletonOn);
      const ids = await queueForEveryWorkspace(s.job, period);
      log(`jobs: ${s.job} queued for ${ids.length} workspace(s), period ${period}`);
    });
  }

  // Schedules live in the database: one turned off here (OVERDUE_JOB_INTERVAL_MINUTES=0, say) is removed there.
  const scheduled = new Set((opts.schedules ?? []).map((s) => sweepQueue(s.job)));
  for (const existing of await boss.getSchedules()) {
    if (!scheduled.has(existing.name) && byName.has(existing.name.replace(/\.schedule$/, ""))) await boss.unschedule(existing.name);
  }

  const queue: JobQueue = {
    async send(job, workspaceId, data, sendOpts = {}) {
      const payload: WorkspaceJobData = { workspaceId, data };
      if (sendOpts.key) {
        const id = stableJobId(job.name, workspaceId, sendOpts.key);
        await boss.insert([{ id, name: job.name, data: payload }]);
        return id;
      }
      return boss.send(job.name, payload);
    },
    runScheduledNow: queueForEveryWorkspace,
    async waitFor(jobName, id, timeoutMs = 10 * 60_000) {
      for (let waited = 0; waited < timeoutMs; waited += 200) {
        const found = await boss.getJobById(jobName, id, { includeArchive: true });
        if (found?.state === "completed") return true;
        if (found?.state === "failed" || found?.state === "cancelled") return false;
        await sleep(200);
      }
      throw new Error(`job ${jobName} ${id} did not finish in ${timeoutMs} ms`);
    },
    async stop() {
      if (holder.__workledgerJobQueue === queue) holder.__workledgerJobQueue = undefined;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
  holder.__workledgerJobQueue = queue;
  return queue;
}

/**
 * Queues a keyed job on this process's queue after the caller's transaction committed, when this process
 * runs one (every app instance does; `npm run start:api` and scripts do not). Returns false when it did
 * not: the job's own sweep must then pick the work up, so the caller's rows must say what is left to do.
 * The key makes it once-only: queuing the same key again (the sweep, a retry) adds nothing.
 */
export async function queueAfterCommit<D extends object>(
  job: WorkspaceJob<D>,
  workspaceId: WorkspaceId,
  data: D,
  key: string,
): Promise<boolean> {
  const queue = holder.__workledgerJobQueue;
  if (!queue) return false;
  try {
    await queue.send(job, workspaceId, data, { key });
    return true;
  } catch (err) {
    console.error(`jobs: could not queue ${job.name} for workspace ${workspaceId} (its sweep will): ${messageOf(err)}`);
    return false;
  }
}
