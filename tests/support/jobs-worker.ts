/*
 * One app instance's job queue, as its own process, for tests/integration/jobs-processes.test.ts.
 * Works a test job that writes one audit event per effect; the mode says where it stops:
 *   schedule             — the job scheduled every minute for WORKER_WORKSPACES; prints RAN lines
 *   work                 — works whatever is queued
 *   hang-in-transaction  — sends the job (key WORKER_KEY), and hangs inside its tenant transaction
 *   hang-after-commit    — sends the job (key WORKER_KEY), and hangs after its commit, before the queue hears of it
 * The database URLs come from the environment (WL_*_DATABASE_URL), as in the app.
 */
import { sql } from "drizzle-orm";
import { asWorkspaceId } from "../../src/lib/ids";
import { closePools } from "../../src/platform/db/client";
import { startJobQueue, type WorkspaceJob } from "../../src/platform/jobs/queue";
import { claimEffect } from "../../src/platform/jobs/store";

const mode = process.env.WORKER_MODE ?? "work";
const workspaces = (process.env.WORKER_WORKSPACES ?? "").split(",").filter(Boolean);
const forever = () => new Promise<never>(() => {});
const say = (line: string) => process.stdout.write(`${line}\n`);

const effectJob: WorkspaceJob<{ key?: string }> = {
  name: "test.effect",
  retryLimit: 5,
  retryDelaySeconds: 1,
  expireInSeconds: 3,
  async run(t, job) {
    // A scheduled run's period was claimed by the queue; a sent job claims its own key.
    const key = job.period ?? job.data.key ?? job.id;
    if (!job.period && !(await claimEffect(t, "test.effect", key, job.id))) {
      say(`ALREADY ${t.workspaceId} ${key} ${job.id}`);
      return;
    }
    await t.db.execute(
      sql`insert into audit_events (workspace_id, action, actor_label, target_type, target_id) values (${t.workspaceId}, 'test.effect', ${`worker ${process.pid}`}, 'job', ${key})`,
    );
    if (mode === "hang-in-transaction") {
      say(`IN_TRANSACTION ${job.id}`);
      await forever();
    }
    say(`RAN ${t.workspaceId} ${key} ${job.id} ${process.pid}`);
  },
};

const queue = await startJobQueue({
  url: process.env.WL_JOBS_DATABASE_URL!,
  jobs: [effectJob],
  schedules: mode === "schedule" ? [{ job: effectJob.name, everyMinutes: 1 }] : [],
  listWorkspaces: async () => workspaces.map((id) => ({ workspaceId: asWorkspaceId(id) })),
  intervals: { polling: 0.5, cron: 1, maintenance: 1 },
  afterCommit:
    mode === "hang-after-commit"
      ? async (job) => {
          say(`COMMITTED ${job.id}`);
          await forever();
        }
      : undefined,
});
say("READY");

if (mode.startsWith("hang-")) {
  for (const ws of workspaces) {
    const id = await queue.send(effectJob, asWorkspaceId(ws), { key: process.env.WORKER_KEY }, { key: process.env.WORKER_KEY });
    say(`SENT ${id}`);
  }
}

const stop = async () => {
  await queue.stop();
  await closePools();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
