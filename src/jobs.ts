import { config, jobsDatabaseUrl } from "@/platform/config";
import { overdueJob } from "@/modules/invoices/overdue-job";
import { listWorkspacesForJobs } from "@/modules/workspaces/workspaces.service";
import { startJobQueue, type JobQueue, type JobSchedule } from "@/platform/jobs/queue";

/**
 * The app's jobs and their schedules, started by every app instance (src/main.ts): each instance works
 * the queue, and each scheduled job still runs once per period per workspace.
 */
export const APP_JOBS = [overdueJob] as const;

export function appSchedules(overdueMinutes: number = config().OVERDUE_JOB_INTERVAL_MINUTES): JobSchedule[] {
  // The overdue job every OVERDUE_JOB_INTERVAL_MINUTES (default 60; 0 turns the schedule off).
  return overdueMinutes > 0 ? [{ job: overdueJob.name, everyMinutes: overdueMinutes }] : [];
}

export async function startAppJobs(log: (line: string) => void): Promise<JobQueue> {
  return startJobQueue({ url: jobsDatabaseUrl(), jobs: APP_JOBS, schedules: appSchedules(), listWorkspaces: listWorkspacesForJobs, log });
}
