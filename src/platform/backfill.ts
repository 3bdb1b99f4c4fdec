import type { TenantScope } from "@/platform/db/tenant";

/** What one batch of a backfill did, in the tenant transaction it ran in. */
export interface BackfillBatchResult {
  /** Where the next batch starts; null when this workspace is finished. */
  next: string | null;
  /** Rows looked at, rows changed, rows reported without being changed. */
  seen: number;
  changed: number;
  reported: number;
  /** Lines for the operator (no secrets, no personal data beyond what the workspace's admins may read). */
  notes: string[];
}

/**
 * A data change run workspace by workspace, in batches (src/modules/backfills/). `batch` runs inside the
 * workspace's tenant transaction (row-level security applies: there is no bypass), starting after
 * `cursor`, touching at most `size` rows; with `dryRun` it must write nothing. The runner records the
 * returned cursor in the same transaction, so a committed batch is never applied again.
 */
export interface Backfill {
  readonly name: string;
  readonly description: string;
  batch(t: TenantScope, opts: { cursor: string | null; size: number; dryRun: boolean }): Promise<BackfillBatchResult>;
}
