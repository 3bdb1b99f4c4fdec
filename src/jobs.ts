import { config, jobsDatabaseUrl } from "@/platform/config";
import { overdueJob } from "@/modules/invoices/overdue-job";
import { invoiceEmailJob, invoiceEmailSweepJob } from "@/modules/invoices/invoice-email-job";
import { reminderJob } from "@/modules/reminders/reminder-job";
import { listWorkspacesForJobs } from "@/modules/workspaces/workspaces.service";
import { startJobQueue, type JobQueue, type JobSchedule } from "@/platform/jobs/queue";

/**
 * The app's jobs and their schedules, started by every app instance (src/main.ts): each instance works
 * the queue, and each scheduled job still runs once per period per workspace.
 */
export const APP_JOBS = [overdueJob, invoiceEmailJob, invoiceEmailSweepJob, reminderJob] as const;

/** How often each workspace's queued invoice emails are swept for a job that was never queued (invoice-email-job.ts). */
export const EMAIL_SWEEP_MINUTES = 5;

/** How often each workspace's payment reminders are looked at (src/modules/reminders/reminder-job.ts); each rule goes out once per invoice. */
export const REMINDER_MINUTES = 60;

export function appSchedules(overdueMinutes: number = config().OVERDUE_JOB_INTERVAL_MINUTES): JobSchedule[] {
  // The overdue job every OVERDUE_JOB_INTERVAL_MINUTES (default 60; 0 turns the schedule off).
  const always: JobSchedule[] = [
    { job: invoiceEmailSweepJob.name, everyMinutes: EMAIL_SWEEP_MINUTES },
    { job: reminderJob.name, everyMinutes: REMINDER_MINUTES },
  ];
  return overdueMinutes > 0 ? [{ job: overdueJob.name, everyMinutes: overdueMinutes }, ...always] : always;
}

export async function startAppJobs(log: (line: string) => void): Promise<JobQueue> {
  return startJobQueue({ url: jobsDatabaseUrl(), jobs: APP_JOBS, schedules: appSchedules(), listWorkspaces: listWorkspacesForJobs, log });
}
