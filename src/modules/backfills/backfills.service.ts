/**
 * Backfills: data changes run workspace by workspace, in batches, each batch its own tenant
 * transaction (row-level security applies; there is no bypass role). Progress is stored per backfill
 * and workspace in `backfill_progress`, in the same transaction as the batch it records, so a run
 * killed at any point resumes after the last committed batch and never re-applies a finished
 * workspace (`npm run backfill <name>`, scripts/backfill.ts).
 */
import type { Backfill } from "@/platform/backfill";
import { withTenant } from "@/platform/db/tenant";
import type { WorkspaceId } from "@/lib/ids";
import { listWorkspacesForJobs } from "@/modules/workspaces/workspaces.service";
import { invoiceTotalsBackfill } from "@/modules/invoices/totals-backfill";
import { claimProgress, findProgress, recordBatch, recordFailure } from "./progress.repo";

/** Every backfill, by name. A new one is a module exporting a `Backfill`, added here. */
export const BACKFILLS: readonly Backfill[] = [invoiceTotalsBackfill];

export function findBackfill(name: string): Backfill {
  const found = BACKFILLS.find((b) => b.name === name);
  if (!found) throw new Error(`Unknown backfill "${name}". Known: ${BACKFILLS.map((b) => b.name).join(", ")}`);
  return found;
}

export interface BackfillOptions {
  /** Only these workspaces (slugs or ids). */
  workspaces?: readonly string[];
  /** Run the batches without writing anything (nor progress): what a real run would change. */
  dryRun?: boolean;
  /** Workspaces run at the same time (1–16). */
  concurrency?: number;
  /** Rows per batch (1–10,000). */
  batchSize?: number;
  /** A pause after each batch, in milliseconds (0–60,000), to spare a busy database. */
  pauseMs?: number;
  onEvent?: (event: BackfillEvent) => void;
}

export type BackfillEvent =
  | { kind: "start"; workspaces: number }
  | { kind: "batch"; slug: string; seen: number; changed: number; reported: number; notes: string[] }
  | { kind: "workspace"; slug: string; outcome: "done" | "already-done" | "failed"; error?: string };

export interface BackfillSummary {
  workspaces: number;
  done: number;
  alreadyDone: number;
  failed: number;
  batches: number;
  rowsSeen: number;
  rowsChanged: number;
  rowsReported: number;
}

function bounded(value: number | undefined, fallback: number, min: number, max: number, what: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${what} must be a whole number from ${min} to ${max}`);
  return v;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a registered backfill (by name), or one given directly (tests). */
export async function runBackfill(which: string | Backfill, opts: BackfillOptions = {}): Promise<BackfillSummary> {
  const backfill = typeof which === "string" ? findBackfill(which) : which;
  const concurrency = bounded(opts.concurrency, 1, 1, 16, "--concurrency");
  const size = bounded(opts.batchSize, 200, 1, 10_000, "--batch-size");
  const pauseMs = bounded(opts.pauseMs, 0, 0, 60_000, "--pause-ms");
  const dryRun = opts.dryRun ?? false;
  const emit = opts.onEvent ?? (() => {});

  let workspaces = await listWorkspacesForJobs();
  if (opts.workspaces !== undefined) {
    const wanted = opts.workspaces;
    const unknown = wanted.filter((w) => !workspaces.some((ws) => ws.slug === w || ws.workspaceId === w));
    if (unknown.length > 0) throw new Error(`No workspace with the slug or id ${unknown.map((u) => `"${u}"`).join(", ")}`);
    workspaces = workspaces.filter((ws) => wanted.includes(ws.slug) || wanted.includes(ws.workspaceId));
  }
  const summary: BackfillSummary = {
    workspaces: workspaces.length,
    done: 0,
    alreadyDone: 0,
    failed: 0,
    batches: 0,
    rowsSeen: 0,
    rowsChanged: 0,
    rowsReported: 0,
  };
  emit({ kind: "start", workspaces: workspaces.length });

  const runWorkspace = async (workspaceId: WorkspaceId, slug: string) => {
    let dryCursor: string | null | undefined;
    try {
      for (;;) {
        const step = await withTenant({ workspaceId }, async (t) => {
          const progress = dryRun ? await findProgress(t, backfill.name) : await claimProgress(t, backfill.name);
          if (progress?.status === "done") return "already-done" as const;
          const cursor = dryRun && dryCursor !== undefined ? dryCursor : (progress?.cursor ?? null);
          const r = await backfill.batch(t, { cursor, size, dryRun });
          if (dryRun) dryCursor = r.next;
          else await recordBatch(t, backfill.name, r);
          return r;
        });
        if (step === "already-done") {
          summary.alreadyDone++;
          emit({ kind: "workspace", slug, outcome: "already-done" });
          return;
        }
        summary.batches++;
        summary.rowsSeen += step.seen;
        summary.rowsChanged += step.changed;
        summary.rowsReported += step.reported;
        emit({ kind: "batch", slug, seen: step.seen, changed: step.changed, reported: step.reported, notes: step.notes });
        if (step.next === null) break;
        if (pauseMs > 0) await pause(pauseMs);
      }
      summary.done++;
      emit({ kind: "workspace", slug, outcome: "done" });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      summary.failed++;
      if (!dryRun) await withTenant({ workspaceId }, (t) => recordFailure(t, backfill.name, error)).catch(() => {});
      emit({ kind: "workspace", slug, outcome: "failed", error });
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < workspaces.length) {
      const ws = workspaces[next++]!;
      await runWorkspace(ws.workspaceId, ws.slug);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, workspaces.length) }, worker));
  return summary;
}
