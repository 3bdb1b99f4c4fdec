import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext } from "@/platform/db/tenant";
import { listJobFailures, summarizeJobEffects, type JobEffectSummary, type JobFailureRow } from "@/platform/jobs/store";

export interface JobActivity {
  /** Jobs that failed for good (every retry used up), newest first. */
  failures: JobFailureRow[];
  /** Each scheduled job: how many periods it has run for this workspace, and when last. */
  runs: JobEffectSummary[];
}

/** What the job queue did for the workspace (the Activity page): owners and admins only. */
export async function getJobActivity(ctx: TenantContext, opts: { limit?: number } = {}): Promise<JobActivity> {
  assertCan(ctx, "job.read");
  const limit = Math.min(Math.max(1, opts.limit ?? 100), 500);
  return withTenant(ctx, async (t) => ({ failures: await listJobFailures(t, limit), runs: await summarizeJobEffects(t) }));
}
