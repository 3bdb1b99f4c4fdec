import { desc, eq, sql } from "drizzle-orm";
import { jobEffects, jobFailures } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";

/**
 * Claims an effect for this workspace inside the job's tenant transaction: true the first time,
 * false when an earlier run already committed it (the unique key job_effects_once). A run that is
 * still open on another connection makes this wait for it, then answer by its outcome.
 */
export async function claimEffect(t: TenantScope, job: string, effectKey: string, jobId: string): Promise<boolean> {
  const rows = await t.db
    .insert(jobEffects)
    .values({ workspaceId: t.workspaceId, job, effectKey, jobId })
    .onConflictDoNothing({ target: [jobEffects.workspaceId, jobEffects.job, jobEffects.effectKey] })
    .returning({ id: jobEffects.id });
  return rows.length === 1;
}

export async function recordJobFailure(
  t: TenantScope,
  failure: { job: string; jobId: string; attempts: number; error: string },
): Promise<void> {
  await t.db
    .insert(jobFailures)
    .values({ workspaceId: t.workspaceId, ...failure })
    .onConflictDoNothing({ target: [jobFailures.workspaceId, jobFailures.jobId] });
}

export interface JobFailureRow {
  id: string;
  job: string;
  jobId: string;
  attempts: number;
  error: string;
  createdAt: Date;
}

/** The workspace's jobs that failed for good, newest first. */
export async function listJobFailures(t: TenantScope, limit: number): Promise<JobFailureRow[]> {
  return t.db
    .select({
      id: jobFailures.id,
      job: jobFailures.job,
      jobId: jobFailures.jobId,
      attempts: jobFailures.attempts,
      error: jobFailures.error,
      createdAt: jobFailures.createdAt,
    })
    .from(jobFailures)
    .where(eq(jobFailures.workspaceId, t.workspaceId))
    .orderBy(desc(jobFailures.createdAt), desc(jobFailures.id))
    .limit(limit);
}

export interface JobEffectSummary {
  job: string;
  runs: number;
  lastAt: Date;
}

/** How often each scheduled job has run for the workspace, and when last. */
export async function summarizeJobEffects(t: TenantScope): Promise<JobEffectSummary[]> {
  return t.db
    .select({
      job: jobEffects.job,
      runs: sql<number>`count(*)::int`,
      lastAt: sql`max(${jobEffects.createdAt})`.mapWith(jobEffects.createdAt),
    })
    .from(jobEffects)
    .where(eq(jobEffects.workspaceId, t.workspaceId))
    .groupBy(jobEffects.job)
    .orderBy(jobEffects.job);
}
