import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Backfill } from "@/platform/backfill";
import { invoiceLines, invoices } from "@/platform/db/schema";
import { now } from "@/lib/clock";
import { totalsColumns, totalsOfStoredLines } from "./invoice-draft";
import * as repo from "./invoices.repo";

/**
 * `invoice-totals`: recomputes every invoice's totals from its stored lines with the current rounding
 * rule (src/modules/invoices/invoice-totals.ts) and compares them with the stored ones.
 * - A draft whose stored totals (or line amounts) differ is brought up to date: it owes nothing yet.
 * - A sent, overdue, paid or void invoice is never changed — it is what the client was sent — and each
 *   difference is reported (number, stored and recomputed total), for a person to decide.
 * Run it after any change to the rounding rule. Idempotent: a second run changes nothing.
 */
export const invoiceTotalsBackfill: Backfill = {
  name: "invoice-totals",
  description: "Recompute invoice totals with the current rounding rule; update drafts, report sent invoices that differ",
  async batch(t, { cursor, size, dryRun }) {
    const rows = await t.db
      .select({
        id: invoices.id,
        number: invoices.number,
        status: invoices.status,
        currency: invoices.currency,
        discountKind: invoices.discountKind,
        discountValue: invoices.discountValue,
        subtotalMinor: invoices.subtotalMinor,
        discountMinor: invoices.discountMinor,
        taxMinor: invoices.taxMinor,
        totalMinor: invoices.totalMinor,
        amountPaidMinor: invoices.amountPaidMinor,
      })
      .from(invoices)
      .where(and(eq(invoices.workspaceId, t.workspaceId), cursor === null ? undefined : gt(invoices.id, cursor)))
      .orderBy(asc(invoices.id))
      .limit(size)
      .for("update");
    const result = { next: rows.length < size ? null : rows.at(-1)!.id, seen: rows.length, changed: 0, reported: 0, notes: [] as string[] };
    if (rows.length === 0) return result;

    const lines = await t.db
      .select()
      .from(invoiceLines)
      .where(
        and(
          eq(invoiceLines.workspaceId, t.workspaceId),
          inArray(
            invoiceLines.invoiceId,
            rows.map((r) => r.id),
          ),
        ),
      )
      .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position));
    const linesOf = new Map<string, (typeof lines)[number][]>();
    for (const l of lines) linesOf.set(l.invoiceId, [...(linesOf.get(l.invoiceId) ?? []), l]);

    for (const row of rows) {
      const stored = (linesOf.get(row.id) ?? []).map((l) => ({ ...l, discount: repo.toDiscount(l.discountKind, l.discountValue) }));
      const totals = totalsOfStoredLines(stored, repo.toDiscount(row.discountKind, row.discountValue), row.amountPaidMinor);
      const linesDiffer = stored.some((l, i) => l.netMinor !== totals.lines[i]!.netMinor || l.taxMinor !== totals.lines[i]!.taxMinor);
      const totalsDiffer =
        row.subtotalMinor !== totals.subtotalMinor ||
        row.discountMinor !== totals.discountMinor ||
        row.taxMinor !== totals.taxMinor ||
        row.totalMinor !== totals.totalMinor;
      if (!linesDiffer && !totalsDiffer) continue;
      if (row.status !== "draft") {
        result.reported++;
        result.notes.push(
          `${row.number ?? row.id} (${row.status}): stored total ${row.totalMinor}, recomputed ${totals.totalMinor} ${row.currency} minor units — left as sent`,
        );
        continue;
      }
      result.changed++;
      if (dryRun) continue;
      await t.db
        .update(invoices)
        .set({ ...totalsColumns(totals), updatedAt: now() })
        .where(and(eq(invoices.workspaceId, t.workspaceId), eq(invoices.id, row.id)));
      for (const [i, l] of stored.entries()) {
        const want = totals.lines[i]!;
        if (l.netMinor === want.netMinor && l.taxMinor === want.taxMinor) continue;
        await t.db
          .update(invoiceLines)
          .set({ netMinor: want.netMinor, taxMinor: want.taxMinor })
          .where(and(eq(invoiceLines.workspaceId, t.workspaceId), eq(invoiceLines.id, l.id)));
      }
    }
    return result;
  },
};
