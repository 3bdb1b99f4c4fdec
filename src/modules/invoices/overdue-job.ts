import { listWorkspacesForJobs } from "@/modules/workspaces/workspaces.service";
import { markOverdueBatch } from "./invoices.service";

export interface OverdueJobResult {
  workspaces: number;
  marked: number;
}

/**
 * Marks sent invoices past their due date as overdue, workspace by workspace, in batches (each batch
 * its own tenant transaction). Idempotent, and safe to run twice at once: rows are claimed with
 * FOR UPDATE SKIP LOCKED and only `sent` invoices match.
 */
export async function runOverdueJob(opts: { batchSize?: number; log?: (line: string) => void } = {}): Promise<OverdueJobResult> {
  const batchSize = opts.batchSize ?? 500;
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
