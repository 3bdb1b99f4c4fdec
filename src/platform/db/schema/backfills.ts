import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { tenantIsolationPolicy } from "./tenant-policy";

/**
 * Where a backfill (src/modules/backfills/) stands in one workspace. Written in the same tenant
 * transaction as each batch it records, so a run killed at any moment resumes after the last batch
 * that committed: a batch is never applied twice, and a workspace marked `done` is never run again.
 */
export const backfillProgress = pgTable(
  "backfill_progress",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The registered name of the backfill (`invoice-totals`). */
    backfill: text("backfill").notNull(),
    /** `running` (some batches done), `done`, or `failed` (the error says why; a new run retries it). */
    status: text("status").notNull(),
    /** Where the next batch starts, as the backfill chose to write it (null: at the beginning). */
    cursor: text("cursor"),
    batches: integer("batches").notNull().default(0),
    /** Rows the backfill looked at, and rows it changed, over every committed batch. */
    rowsSeen: integer("rows_seen").notNull().default(0),
    rowsChanged: integer("rows_changed").notNull().default(0),
    /** Rows it reports without changing (for `invoice-totals`: sent invoices whose stored totals differ). */
    rowsReported: integer("rows_reported").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.backfill] }),
    check("backfill_progress_status_known", sql`${t.status} in ('running', 'done', 'failed')`),
    check("backfill_progress_error_length", sql`char_length(${t.error}) <= 2000`),
    tenantIsolationPolicy("backfill_progress"),
  ],
).enableRLS();
