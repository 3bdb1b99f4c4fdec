import { and, eq, sql } from "drizzle-orm";
import { backfillProgress } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import { now } from "@/lib/clock";

export type ProgressRow = typeof backfillProgress.$inferSelect;

const thisRow = (t: TenantScope, backfill: string) =>
  and(eq(backfillProgress.workspaceId, t.workspaceId), eq(backfillProgress.backfill, backfill));

/**
 * The workspace's progress row for `backfill`, created if missing and locked until the transaction
 * ends: two runs of the same backfill on the same workspace take turns, batch by batch, and the
 * second starts where the first's last committed batch ended.
 */
export async function claimProgress(t: TenantScope, backfill: string): Promise<ProgressRow> {
  const at = now();
  await t.db
    .insert(backfillProgress)
    .values({ workspaceId: t.workspaceId, backfill, status: "running", startedAt: at, updatedAt: at })
    .onConflictDoNothing({ target: [backfillProgress.workspaceId, backfillProgress.backfill] });
  const [row] = await t.db.select().from(backfillProgress).where(thisRow(t, backfill)).for("update");
  return row!;
}

export async function findProgress(t: TenantScope, backfill: string): Promise<ProgressRow | undefined> {
  const [row] = await t.db.select().from(backfillProgress).where(thisRow(t, backfill));
  return row;
}

export async function recordBatch(
  t: TenantScope,
  backfill: string,
  r: { next: string | null; seen: number; changed: number; reported: number },
): Promise<void> {
  await t.db
    .update(backfillProgress)
    .set({
      status: r.next === null ? "done" : "running",
      cursor: r.next,
      batches: sql`${backfillProgress.batches} + 1`,
      rowsSeen: sql`${backfillProgress.rowsSeen} + ${r.seen}`,
      rowsChanged: sql`${backfillProgress.rowsChanged} + ${r.changed}`,
      rowsReported: sql`${backfillProgress.rowsReported} + ${r.reported}`,
      error: null,
      updatedAt: now(),
    })
    .where(thisRow(t, backfill));
}

/**
 * Marks the workspace failed (its committed batches stay; the next run continues from its cursor) —
 * unless another run finished it in the meantime: a finished workspace is never reopened (its cursor
 * is spent, and starting again would apply every batch twice).
 */
export async function recordFailure(t: TenantScope, backfill: string, error: string): Promise<void> {
  const at = now();
  await t.db
    .insert(backfillProgress)
    .values({ workspaceId: t.workspaceId, backfill, status: "failed", error: error.slice(0, 2000), startedAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [backfillProgress.workspaceId, backfillProgress.backfill],
      set: { status: "failed", error: error.slice(0, 2000), updatedAt: at },
      setWhere: sql`${backfillProgress.status} <> 'done'`,
    });
}
