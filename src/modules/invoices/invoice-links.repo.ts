import { and, eq, isNull, sql } from "drizzle-orm";
import { invoiceLinks } from "@/platform/db/schema";
import type { LinkLookupScope, TenantScope } from "@/platform/db/tenant";

const columns = {
  id: invoiceLinks.id,
  invoiceId: invoiceLinks.invoiceId,
  tokenSealed: invoiceLinks.tokenSealed,
  createdAt: invoiceLinks.createdAt,
  firstViewedAt: invoiceLinks.firstViewedAt,
  lastViewedAt: invoiceLinks.lastViewedAt,
  viewCount: invoiceLinks.viewCount,
};

export type LinkRow = {
  id: string;
  invoiceId: string;
  tokenSealed: string;
  createdAt: Date;
  firstViewedAt: Date | null;
  lastViewedAt: Date | null;
  viewCount: number;
};

/** The invoice's live (not revoked) link, if it has one. */
export async function findLiveLink(t: TenantScope, invoiceId: string): Promise<LinkRow | undefined> {
  const [row] = await t.db
    .select(columns)
    .from(invoiceLinks)
    .where(and(eq(invoiceLinks.workspaceId, t.workspaceId), eq(invoiceLinks.invoiceId, invoiceId), isNull(invoiceLinks.revokedAt)));
  return row;
}

/**
 * Inserts a live link; answers false when the invoice already has one (the partial unique index on
 * live links: of two concurrent creations one inserts, the other reads the winner's).
 */
export async function insertLink(
  t: TenantScope,
  v: { id: string; invoiceId: string; tokenHash: string; tokenSealed: string; createdAt: Date },
): Promise<boolean> {
  const rows = await t.db
    .insert(invoiceLinks)
    .values({ workspaceId: t.workspaceId, ...v })
    .onConflictDoNothing()
    .returning({ id: invoiceLinks.id });
  return rows.length > 0;
}

/** Revokes the invoice's live link; answers the revoked link's id, or undefined when there was none. */
export async function revokeLiveLink(t: TenantScope, invoiceId: string, at: Date): Promise<string | undefined> {
  const [row] = await t.db
    .update(invoiceLinks)
    .set({ revokedAt: at })
    .where(and(eq(invoiceLinks.workspaceId, t.workspaceId), eq(invoiceLinks.invoiceId, invoiceId), isNull(invoiceLinks.revokedAt)))
    .returning({ id: invoiceLinks.id });
  return row?.id;
}

/**
 * The public page's lookup, in withLinkLookup(): no filter but the hash, because row-level security
 * shows this transaction nothing else. Revoked links are found too (the caller answers them 404).
 */
export async function findByTokenHash(
  s: LinkLookupScope,
  tokenHash: string,
): Promise<{ workspaceId: string; id: string; invoiceId: string; revokedAt: Date | null } | undefined> {
  const [row] = await s.db
    .select({
      workspaceId: invoiceLinks.workspaceId,
      id: invoiceLinks.id,
      invoiceId: invoiceLinks.invoiceId,
      revokedAt: invoiceLinks.revokedAt,
    })
    .from(invoiceLinks)
    .where(eq(invoiceLinks.tokenHash, tokenHash));
  return row;
}

/** Counts a view of a live link; answers the view count after it (1: the first view), or undefined when the link is no longer live. */
export async function recordView(t: TenantScope, linkId: string, at: Date): Promise<number | undefined> {
  const [row] = await t.db
    .update(invoiceLinks)
    .set({
      viewCount: sql`${invoiceLinks.viewCount} + 1`,
      lastViewedAt: at,
      firstViewedAt: sql`coalesce(${invoiceLinks.firstViewedAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(and(eq(invoiceLinks.workspaceId, t.workspaceId), eq(invoiceLinks.id, linkId), isNull(invoiceLinks.revokedAt)))
    .returning({ viewCount: invoiceLinks.viewCount });
  return row?.viewCount;
}

/** Whether the link is still live (for the PDF download, which counts no view). */
export async function isLive(t: TenantScope, linkId: string): Promise<boolean> {
  const rows = await t.db
    .select({ id: invoiceLinks.id })
    .from(invoiceLinks)
    .where(and(eq(invoiceLinks.workspaceId, t.workspaceId), eq(invoiceLinks.id, linkId), isNull(invoiceLinks.revokedAt)));
  return rows.length > 0;
}
