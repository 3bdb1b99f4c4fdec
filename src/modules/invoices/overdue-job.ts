import type { WorkspaceJob } from "@/platform/jobs/queue";
import { listWorkspacesForJobs } from "@/modules/workspaces/workspaces.service";
import { markOverdueBatch, markOverdueIn } from "./invoices.service";

export interface OverdueJobResult {
  workspaces: number;
  marked: number;
}

const BATCH = 500;

/**
 * The queued overdue job for one workspace (src/platform/jobs/, scheduled every
 * OVERDUE_JOB_INTERVAL_MINUTES): sent invoices past their due date become overdue, in the workspace's
 * tenant transaction, batch after batch. Idempotent on its own (only `sent` invoices match), and its
 * period is claimed in job_effects in the same transaction, so each period marks once.
 */
export const overdueJob: WorkspaceJob = {
  name: "invoices.overdue",
  retryLimit: 4,
  retryDelaySeconds: 30,
  async run(t) {
    while ((await markOverdueIn(t, BATCH)) === BATCH) {
      // the next batch, in the same transaction
    }
  },
};

/**
 * Marks sent invoices past their due date as overdue, workspace by workspace, in batches (each batch
 * its own tenant transaction), right now, without the queue (`npm run jobs:overdue`). Idempotent, and
 * safe to run at the same time as the queued job: rows are claimed with FOR UPDATE SKIP LOCKED and
 * only `sent` invoices match.
 */
export async function runOverdueJob(opts: { batchSize?: number; log?: (line: string) => void } = {}): Promise<OverdueJobResult> {
  const batchSize = opts.batchSize ?? BATCH;
  const log = opts.log ?? (() => {});
  const workspaces = await listWorkspacesForJobs();
  let marked = 0;
  for (const [i, ws] of workspaces.entries()) {
    for (let batch = 1; ; batch++) {
      const n = await markOverdueBatch(ws.workspaceId, batchSize);
      marked += n;
      if (n > 0 || batch === 1) log(`overdue: workspace ${i + 1}/${workspaces.length} (${ws.slug}) batch ${batch}: ${n} marked overdue`);
      if (n < batchSize) break;
    }
  }
  log(`overdue: done, ${marked} invoice(s) marked overdue in ${workspaces.length} workspace(s)`);
  return { workspaces: workspaces.length, marked };
}
