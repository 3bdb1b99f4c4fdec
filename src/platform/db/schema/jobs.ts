import { index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { tenantIsolationPolicy } from "./tenant-policy";

/**
 * What a job has done, one row per effect (src/platform/jobs/): written in the same tenant transaction
 * as the effect itself, so a job that runs again (a retry, or the same period picked up by a second
 * instance, or after a crash between its commit and the queue's acknowledgement) finds its row and
 * does nothing. The unique key is what makes an effect happen once.
 */
export const jobEffects = pgTable(
  "job_effects",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    /** The queue that did it (`invoices.overdue`). */
    job: text("job").notNull(),
    /** Which effect: the period of a scheduled job, or a key the job chose (a delivery id, say). */
    effectKey: text("effect_key").notNull(),
    /** The queue's id of the job run that did it. */
    jobId: text("job_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("job_effects_once").on(t.workspaceId, t.job, t.effectKey),
    tenantIsolationPolicy("job_effects"),
  ],
).enableRLS();

/**
 * Jobs that failed for good (every retry used up), for the workspace's admins (the Activity page).
 * The error is the message only: no stack, no job data.
 */
export const jobFailures = pgTable(
  "job_failures",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    job: text("job").notNull(),
    jobId: text("job_id").notNull(),
    attempts: integer("attempts").notNull(),
    error: text("error").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("job_failures_once").on(t.workspaceId, t.jobId),
    index("job_failures_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    tenantIsolationPolicy("job_failures"),
  ],
).enableRLS();
