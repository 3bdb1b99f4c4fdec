/** Reading invoices: one, a list (keyset-paged), the CSV export, the PDF, and lookups for other modules' transactions. */
import { assertCan } from "@/platform/permissions";
import { tenantQuery, withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { cursorPage, decodeCursor, invalidCursor, type Cursor, type CursorPage } from "@/platform/pagination";
import { isUuid } from "@/lib/ids";
import { formatDecimal } from "@/lib/money";
import { REVERSE_CHARGE_NOTE, VAT_CATEGORY_LABELS } from "@/lib/einvoice-codes";
import { clientInScope } from "@/modules/clients/clients.service";
import { paymentInstructionsText, settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import type { InvoiceSettingsDto } from "@/modules/invoice-settings/invoice-settings.schemas";
import { renderInvoicePdf } from "./invoice-pdf";
import { invoicesToCsv } from "./invoice-csv";
import { allowedActions } from "./invoice-lifecycle";
import {
  exportInvoicesQuery,
  listInvoicesQuery,
  type InvoiceDto,
  type InvoiceSort,
  type ListInvoicesQuery,
  type InvoiceLineDto,
  type InvoiceSummaryDto,
} from "./invoices.schemas";
import type { z } from "@hono/zod-openapi";
import * as repo from "./invoices.repo";
import { totalsOfStoredLines } from "./invoice-draft";

const EXPORT_LIMIT = 50_000;

export function notFound(): AppError {
  return AppError.notFound("Invoice");
}

/** A line whose rate was deleted keeps its name and percentage: it is grouped by those. */
const breakdownKey = (l: Pick<InvoiceLineDto, "taxRateId" | "taxRateName" | "taxRateMilliPercent">): string | null =>
  l.taxRateId ?? (l.taxRateName ? `name:${l.taxRateName}:${l.taxRateMilliPercent}` : null);

/** Recomputes the tax breakdown from the stored lines (the lines keep the rate they were written with). */
function breakdown(row: NonNullable<repo.InvoiceRow>, lines: InvoiceLineDto[]) {
  const totals = totalsOfStoredLines(lines, repo.toDiscount(row.discountKind, row.discountValue), row.amountPaidMinor, breakdownKey);
  const names = new Map(lines.map((l) => [breakdownKey(l), l.taxRateName ?? ""]));
  return totals.taxes.map((x) => ({
    taxRateId: x.taxRateId,
    name: names.get(x.taxRateId) ?? "",
    rateMilliPercent: x.rateMilliPercent,
    taxableMinor: x.taxableMinor,
    taxMinor: x.taxMinor,
  }));
}

/** The invoice with its lines, tax breakdown and allowed actions, inside the caller's transaction (also for invoice-view.ts). */
export async function loadInvoice(t: TenantScope, id: string): Promise<InvoiceDto | undefined> {
  const row = await repo.findInvoice(t, id);
  if (!row) return undefined;
  const lines = await repo.findLines(t, id);
  const { discountKind, discountValue, ...rest } = row;
  return {
    ...rest,
    discount: repo.toDiscount(discountKind, discountValue),
    lines,
    taxes: breakdown(row, lines),
    allowedActions: allowedActions(row.status),
  };
}

/** The invoice, locked for this transaction's change, or not found. */
export async function lockInvoice(t: TenantScope, id: string) {
  if (!isUuid(id)) throw notFound();
  const row = await repo.findInvoice(t, id, true);
  if (!row) throw notFound();
  return row;
}

export async function getInvoice(ctx: TenantContext, id: string): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.read");
  if (!isUuid(id)) throw notFound();
  const invoice = await withTenant(ctx, (t) => loadInvoice(t, id));
  if (!invoice) throw notFound();
  return invoice;
}

/** What a valid cursor's sort value looks like for each order (the tag vouches for it; this keeps a cast from failing). */
const SORT_KEY_SHAPES: Partial<Record<InvoiceSort, RegExp>> = {
  issue_date: /^\d{4}-\d{2}-\d{2}$/,
  due_date: /^\d{4}-\d{2}-\d{2}$/,
  total: /^-?\d{1,19}$/,
};

/**
 * The order a cursor is signed for. Newest first (the API's default) signs none, so cursors handed
 * out before lists became sortable stay valid.
 */
function orderingOf(q: Pick<ListInvoicesQuery, "sort" | "dir">): string | undefined {
  return q.sort === "created_at" && q.dir === "desc" ? undefined : `${q.sort}:${q.dir}`;
}

function positionAfter(q: ListInvoicesQuery, cursor: string | undefined): Cursor | undefined {
  const after = decodeCursor("invoices", cursor, orderingOf(q));
  if (!after || !repo.sortNeedsKey(q.sort)) return after;
  const shape = SORT_KEY_SHAPES[q.sort];
  if (typeof after.key !== "string" || (shape && !shape.test(after.key))) throw invalidCursor();
  return after;
}

/** The invoice list (API and page): filters, an order, keyset pages. */
export async function listInvoices(ctx: TenantContext, query: z.input<typeof listInvoicesQuery>): Promise<CursorPage<InvoiceSummaryDto>> {
  assertCan(ctx, "invoice.read");
  const { limit, cursor, ...q } = parseInput(listInvoicesQuery, query);
  const after = positionAfter(q, cursor);
  const rows = await tenantQuery<repo.PageRow>(ctx, repo.listInvoicesStatement(ctx.workspaceId, q, after, limit));
  const ordering = orderingOf(q);
  const summaries = rows.map((r) => ({ ...repo.summaryFromRow(r), sortKey: r.sort_key }));
  const page = cursorPage("invoices", summaries, limit, ordering ? { ordering, keyOf: (r) => r.sortKey } : undefined);
  return { items: page.items.map(({ sortKey: _key, ...item }) => item), nextCursor: page.nextCursor };
}

/** How many invoices match the list's filters (the page says "N invoices"; the API does not count). */
export async function countInvoices(ctx: TenantContext, query: z.input<typeof exportInvoicesQuery>): Promise<number> {
  assertCan(ctx, "invoice.read");
  const q = parseInput(exportInvoicesQuery, query);
  return withTenant(ctx, (t) => repo.countInvoices(t, q));
}

/** Every invoice matching the list filters in the list's order (no paging, bounded), for the CSV export. */
export async function listInvoicesForExport(ctx: TenantContext, query: z.input<typeof exportInvoicesQuery>): Promise<InvoiceSummaryDto[]> {
  assertCan(ctx, "invoice.read");
  const q = parseInput(exportInvoicesQuery, query);
  const rows = await tenantQuery<repo.PageRow>(ctx, repo.listInvoicesStatement(ctx.workspaceId, q, undefined, EXPORT_LIMIT));
  return rows.slice(0, EXPORT_LIMIT).map(repo.summaryFromRow);
}

/** For the payments module, inside its transaction: the invoice (not locked: for reads), or not found. */
export async function invoiceInScope(t: TenantScope, id: string) {
  if (!isUuid(id)) throw notFound();
  const row = await repo.findInvoice(t, id);
  if (!row) throw notFound();
  return row;
}

/** For the payments module, inside its transaction: the invoice, locked against concurrent payments. */
export async function invoiceForPayment(t: TenantScope, id: string) {
  return lockInvoice(t, id);
}

/** For the dashboard, inside its transaction: open invoices due before a date, most overdue first. */
export async function listOpenInvoicesDueBefore(t: TenantScope, dueBefore: string, limit: number): Promise<InvoiceSummaryDto[]> {
  return repo.listOpenDueBefore(t, ["sent", "overdue"], dueBefore, limit);
}

/** The invoice as a PDF (sender from the workspace's invoice settings, client as it is now). */
export async function getInvoicePdf(
  ctx: TenantContext & { workspaceName?: string },
  id: string,
): Promise<{ filename: string; pdf: Buffer }> {
  assertCan(ctx, "invoice.read");
  if (!isUuid(id)) throw notFound();
  return withTenant(ctx, (t) => invoicePdfIn(t, id, ctx.workspaceName ?? ""));
}

/** The PDF inside the caller's transaction (also the invoice email job's); `workspaceName` is the sender when the settings name none. */
export async function invoicePdfIn(t: TenantScope, id: string, workspaceName: string): Promise<{ filename: string; pdf: Buffer }> {
  const invoice = await loadInvoice(t, id);
  if (!invoice) throw notFound();
  const client = await clientInScope(t, invoice.clientId);
  const settings = await settingsInScope(t);
  return renderStoredInvoicePdf({ invoice, client, settings }, workspaceName);
}

/** What a PDF is made of: the invoice as stored, its client as it is now, the workspace's invoice settings. */
export interface StoredInvoiceDocument {
  invoice: InvoiceDto;
  client: { email: string | null; billingAddress: string | null; taxId: string | null } | undefined;
  settings: InvoiceSettingsDto;
}

/**
 * The legal notes of the lines' VAT categories: reverse charge (AE) prints the note that the recipient
 * accounts for the VAT; every exempt category prints its exemption reason (each once).
 */
export function vatNotesOf(lines: readonly Pick<InvoiceLineDto, "vatCategory" | "exemptionReason">[]): string[] {
  const notes: string[] = [];
  if (lines.some((l) => l.vatCategory === "AE")) notes.push(REVERSE_CHARGE_NOTE);
  for (const l of lines) {
    if (l.vatCategory && l.vatCategory !== "S" && l.vatCategory !== "Z" && l.exemptionReason) {
      const note = `${VAT_CATEGORY_LABELS[l.vatCategory]}: ${l.exemptionReason}`;
      if (!notes.includes(note)) notes.push(note);
    }
  }
  return notes;
}

/** The PDF and its file name (the members' download and the public link's), with the payment instructions. */
export async function renderStoredInvoicePdf(
  { invoice, client, settings }: StoredInvoiceDocument,
  workspaceName: string,
  facturxXml?: string,
): Promise<{ filename: string; pdf: Buffer }> {
  const pdf = await renderInvoicePdf({
    number: invoice.number,
    status: invoice.status,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    sender: {
      legalName: settings.senderLegalName ?? workspaceName,
      address: settings.senderAddress ?? "",
      taxId: settings.senderTaxId,
    },
    client: {
      name: invoice.clientName,
      email: client?.email ?? null,
      billingAddress: client?.billingAddress ?? null,
      taxId: client?.taxId ?? null,
    },
    lines: invoice.lines.map((l) => ({
      description: l.description,
      quantityMilli: l.quantityMilli,
      unitPriceMinor: l.unitPriceMinor,
      taxLabel: l.taxRateName ? `${l.taxRateName} (${formatDecimal(l.taxRateMilliPercent, 3)} %)` : null,
      totalMinor: l.netMinor,
    })),
    totals: {
      subtotalMinor: invoice.subtotalMinor,
      discountMinor: invoice.discountMinor,
      taxMinor: invoice.taxMinor,
      totalMinor: invoice.totalMinor,
      amountPaidMinor: invoice.amountPaidMinor,
      balanceDueMinor: invoice.balanceDueMinor,
      taxes: invoice.taxes.map((x) => ({
        label: `${x.name ? `${x.name} ` : ""}(${formatDecimal(x.rateMilliPercent, 3)} %)`,
        taxableMinor: x.taxableMinor,
        taxMinor: x.taxMinor,
      })),
    },
    notes: invoice.notes,
    vatNotes: vatNotesOf(invoice.lines),
    facturxXml,
    paymentInstructions: paymentInstructionsText(settings),
  });
  const filename = `${(invoice.number ?? `draft-${invoice.id.slice(0, 8)}`).replace(/[^A-Za-z0-9._-]+/g, "_")}.pdf`;
  return { filename, pdf };
}

/** The invoice list as CSV, with the same filters and order as the list (no paging). */
export async function exportInvoicesCsv(ctx: TenantContext, query: z.input<typeof exportInvoicesQuery>): Promise<string> {
  const rows = await listInvoicesForExport(ctx, query);
  return invoicesToCsv(rows.map((r) => ({ ...r })));
}

/** Numbers (null for a draft) of the invoices with these ids that still exist (for the audit log's links). */
export async function invoiceNumbers(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, string | null>> {
  assertCan(ctx, "invoice.read");
  const valid = [...new Set(ids.filter(isUuid))];
  const rows = await withTenant(ctx, (t) => repo.invoiceNumbersByIds(t, valid));
  return new Map(rows.map((r) => [r.id, r.number]));
}
