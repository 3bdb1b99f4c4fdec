/** Reading invoices: one, a list (keyset-paged), the CSV export, the PDF, and lookups for other modules' transactions. */
import { assertCan } from "@/platform/permissions";
import { tenantQuery, withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { cursorPage, decodeCursor, type CursorPage } from "@/platform/pagination";
import { isUuid } from "@/lib/ids";
import { formatDecimal } from "@/lib/money";
import { clientInScope } from "@/modules/clients/clients.service";
import { settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import { renderInvoicePdf } from "./invoice-pdf";
import { invoicesToCsv } from "./invoice-csv";
import { allowedActions } from "./invoice-lifecycle";
import { listInvoicesPageQuery, listInvoicesQuery, type InvoiceDto, type InvoiceLineDto, type InvoiceSummaryDto } from "./invoices.schemas";
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

export async function listInvoices(ctx: TenantContext, query: z.input<typeof listInvoicesQuery>) {
  assertCan(ctx, "invoice.read");
  const q = parseInput(listInvoicesQuery, query);
  const { items, total } = await withTenant(ctx, (t) => repo.listInvoices(t, q));
  return { items, total, page: q.page, pageSize: q.pageSize, pageCount: Math.max(1, Math.ceil(total / q.pageSize)) };
}

/** Cursor-paginated (newest first), for the API; the same filters as the list. */
export async function listInvoicesPage(
  ctx: TenantContext,
  query: z.input<typeof listInvoicesPageQuery>,
): Promise<CursorPage<InvoiceSummaryDto>> {
  assertCan(ctx, "invoice.read");
  const { limit, cursor, ...filters } = parseInput(listInvoicesPageQuery, query);
  const after = decodeCursor("invoices", cursor);
  const rows = await tenantQuery<repo.PageRow>(ctx, repo.listInvoicesAfterStatement(ctx.workspaceId, filters, after, limit));
  return cursorPage("invoices", rows.map(repo.summaryFromRow), limit);
}

/** Every invoice matching the list filters (sorting included, no paging), for the CSV export. */
export async function listInvoicesForExport(ctx: TenantContext, query: z.input<typeof listInvoicesQuery>): Promise<InvoiceSummaryDto[]> {
  assertCan(ctx, "invoice.read");
  const q = parseInput(listInvoicesQuery, query);
  return withTenant(ctx, (t) => repo.listAllInvoices(t, q, EXPORT_LIMIT));
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
  const data = await withTenant(ctx, async (t) => {
    const invoice = await loadInvoice(t, id);
    if (!invoice) return undefined;
    const client = await clientInScope(t, invoice.clientId);
    const settings = await settingsInScope(t);
    return { invoice, client, settings };
  });
  if (!data) throw notFound();
  const { invoice, client, settings } = data;
  const pdf = await renderInvoicePdf({
    number: invoice.number,
    status: invoice.status,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    sender: {
      legalName: settings.senderLegalName ?? ctx.workspaceName ?? "",
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
  });
  const filename = `${(invoice.number ?? `draft-${invoice.id.slice(0, 8)}`).replace(/[^A-Za-z0-9._-]+/g, "_")}.pdf`;
  return { filename, pdf };
}

/** The invoice list as CSV, with the same filters and order as the list (no paging). */
export async function exportInvoicesCsv(ctx: TenantContext, query: z.input<typeof listInvoicesQuery>): Promise<string> {
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
