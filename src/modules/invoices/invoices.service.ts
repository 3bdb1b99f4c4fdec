import { assertCan } from "@/platform/permissions";
import { tenantQuery, withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError, type FieldErrors } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { cursorPage, decodeCursor, type CursorPage } from "@/platform/pagination";
import { now, today } from "@/lib/clock";
import { addDays } from "@/lib/dates";
import { isUuid } from "@/lib/ids";
import { formatDecimal, formatMoney, parseDecimal, parseMoney } from "@/lib/money";
import { isDateInRange, LAST_DATE } from "@/lib/schemas";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { clientInScope } from "@/modules/clients/clients.service";
import { assignInvoiceNumber, settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import { taxRatesInScope } from "@/modules/tax-rates/tax-rates.service";
import { computeInvoiceTotals, type InvoiceTotals, type TotalsInput } from "./invoice-totals";
import { renderInvoicePdf } from "./invoice-pdf";
import { invoicesToCsv } from "./invoice-csv";
import { allowedActions, nextStatus, type InvoiceStatus } from "./invoice-lifecycle";
import {
  createInvoiceInput,
  listInvoicesPageQuery,
  listInvoicesQuery,
  updateInvoiceInput,
  type CreateInvoiceFields,
  type Discount,
  type DiscountInput,
  type InvoiceDto,
  type InvoiceInput,
  type InvoiceLineDto,
  type InvoiceSummaryDto,
  type LineInput,
  type UpdateInvoiceFields,
} from "./invoices.schemas";
import type { z } from "@hono/zod-openapi";
import * as repo from "./invoices.repo";

const EXPORT_LIMIT = 50_000;

function notFound(): AppError {
  return AppError.notFound("Invoice");
}

/** Converts typed amounts ("12.50", "20 %") into exact integers, collecting field errors by path. */
function convertDiscount(d: DiscountInput, currency: string, path: string, errors: FieldErrors): Discount | null {
  if (!d) return null;
  try {
    if (d.kind === "percent") {
      const bp = parseDecimal(d.value, 2);
      if (bp > 10_000) throw new AppError("validation_failed", "A discount is at most 100 %");
      return { kind: "percent", basisPoints: bp };
    }
    return { kind: "amount", minor: parseMoney(d.value, currency) };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    (errors[`${path}.value`] ??= []).push(err.message);
    return null;
  }
}

interface PreparedLine {
  input: LineInput;
  quantityMilli: number;
  unitPriceMinor: number;
  discount: Discount | null;
}

function convertLines(lines: LineInput[], currency: string, errors: FieldErrors): PreparedLine[] {
  return lines.map((line, i) => {
    const at = (f: string) => `lines.${i}.${f}`;
    let quantityMilli = 0;
    let unitPriceMinor = 0;
    try {
      quantityMilli = parseDecimal(line.quantity, 3);
      if (quantityMilli === 0) (errors[at("quantity")] ??= []).push("Quantity must be above zero");
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      (errors[at("quantity")] ??= []).push(err.message.replace(/^Value/, "Quantity"));
    }
    try {
      unitPriceMinor = parseMoney(line.unitPrice, currency);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      (errors[at("unitPrice")] ??= []).push(err.message.replace(/^Amount/, "Unit price"));
    }
    return { input: line, quantityMilli, unitPriceMinor, discount: convertDiscount(line.discount, currency, at("discount"), errors) };
  });
}

interface Draft extends Pick<repo.InvoiceWrite, "clientId" | "currency" | "issueDate" | "dueDate" | "notes" | "discount"> {
  lines: repo.LineWrite[];
  totals: InvoiceTotals;
}

/**
 * Validates a draft against this workspace (client, tax rates), converts amounts exactly and computes
 * the totals on the server. `existingRateIds`: rates already on the invoice may stay even if archived since.
 */
async function prepareDraft(
  t: TenantScope,
  merged: {
    clientId: string;
    currency?: string;
    issueDate?: string;
    dueDate?: string;
    notes: string | null;
    discount: DiscountInput | Discount | null;
    lines: LineInput[];
  },
  opts: { isNew: boolean; existingRateIds: Set<string>; amountPaidMinor: number; keepLines?: boolean },
): Promise<Draft> {
  const errors: FieldErrors = {};
  const client = await clientInScope(t, merged.clientId);
  if (!client) (errors.clientId ??= []).push("Choose a client of this workspace");
  else if (opts.isNew && client.archivedAt) (errors.clientId ??= []).push("This client is archived; restore it to invoice it");
  const settings = await settingsInScope(t);
  const currency = merged.currency ?? client?.currency ?? settings.defaultCurrency;
  const issueDate = merged.issueDate ?? today();
  const dueDate = merged.dueDate ?? addDays(issueDate, settings.paymentTermsDays);
  if (merged.dueDate === undefined && !isDateInRange(dueDate)) {
    // The caller sent no due date: name the field they did send, not one derived from it.
    (errors.issueDate ??= []).push(
      `With ${settings.paymentTermsDays} days of payment terms the due date would be after ${LAST_DATE}; choose an earlier issue date or give a due date`,
    );
  } else if (dueDate < issueDate) (errors.dueDate ??= []).push("The due date cannot be before the issue date");

  const discount =
    merged.discount && "value" in merged.discount
      ? convertDiscount(merged.discount, currency, "discount", errors)
      : (merged.discount as Discount | null);
  const lines = convertLines(merged.lines, currency, errors);
  const rateIds = [...new Set(lines.map((l) => l.input.taxRateId).filter((id): id is string => id !== null))];
  const rates = new Map((await taxRatesInScope(t, rateIds)).map((r) => [r.id, r]));
  lines.forEach((l, i) => {
    const id = l.input.taxRateId;
    if (!id) return;
    const rate = rates.get(id);
    if (!rate) (errors[`lines.${i}.taxRateId`] ??= []).push("Unknown tax rate");
    else if (rate.archivedAt && !opts.existingRateIds.has(id))
      (errors[`lines.${i}.taxRateId`] ??= []).push(`The tax rate "${rate.name}" is archived`);
  });
  if (Object.keys(errors).length > 0) throw new AppError("validation_failed", "Some fields are not valid", errors);

  const totals = computeInvoiceTotals({
    lines: lines.map((l) => {
      const rate = l.input.taxRateId ? rates.get(l.input.taxRateId) : undefined;
      return {
        quantityMilli: l.quantityMilli,
        unitPriceMinor: l.unitPriceMinor,
        taxRateId: rate?.id ?? null,
        taxRateMilliPercent: rate?.rateMilliPercent ?? 0,
        discount: l.discount,
      };
    }),
    discount,
    amountPaidMinor: opts.amountPaidMinor,
  });
  throwUnlessDiscountsFit(
    totals,
    lines.map((l) => l.discount),
    opts.keepLines ? null : discount,
    currency,
  );
  return {
    clientId: merged.clientId,
    currency,
    issueDate,
    dueDate,
    notes: merged.notes,
    discount,
    totals,
    lines: lines.map((l, i) => {
      const rate = l.input.taxRateId ? rates.get(l.input.taxRateId) : undefined;
      return {
        position: i + 1,
        description: l.input.description,
        quantityMilli: l.quantityMilli,
        unitPriceMinor: l.unitPriceMinor,
        taxRateId: rate?.id ?? null,
        taxRateName: rate?.name ?? null,
        taxRateMilliPercent: rate?.rateMilliPercent ?? 0,
        discount: l.discount,
        netMinor: totals.lines[i]!.netMinor,
        taxMinor: totals.lines[i]!.taxMinor,
      };
    }),
  };
}

/**
 * A fixed discount larger than what it discounts is refused, not silently cut down to it (a €999,999
 * discount on a €100 invoice is a typo, not a gift): a line's against its amount, the invoice's
 * against the subtotal. A discount equal to the amount is allowed.
 */
function throwUnlessDiscountsFit(
  totals: InvoiceTotals,
  lineDiscounts: (Discount | null)[],
  invoiceDiscount: Discount | null,
  currency: string,
): void {
  const errors: FieldErrors = {};
  lineDiscounts.forEach((d, i) => {
    const gross = totals.lines[i]?.grossMinor ?? 0;
    if (d?.kind === "amount" && d.minor > gross) {
      errors[`lines.${i}.discount.value`] = [`The discount is more than this line's amount of ${formatMoney(gross, currency)}`];
    }
  });
  if (invoiceDiscount?.kind === "amount" && invoiceDiscount.minor > totals.subtotalMinor) {
    errors["discount.value"] = [`The discount is more than the subtotal of ${formatMoney(totals.subtotalMinor, currency)}`];
  }
  if (Object.keys(errors).length > 0) throw new AppError("validation_failed", "A discount is larger than what it discounts", errors);
}

function totalsColumns(totals: InvoiceTotals) {
  return {
    subtotalMinor: totals.subtotalMinor,
    discountMinor: totals.discountMinor,
    taxMinor: totals.taxMinor,
    totalMinor: totals.totalMinor,
    amountPaidMinor: totals.amountPaidMinor,
    balanceDueMinor: totals.balanceDueMinor,
  };
}

type StoredLine = Pick<InvoiceLineDto, "quantityMilli" | "unitPriceMinor" | "taxRateId" | "taxRateMilliPercent" | "discount">;

/**
 * The totals of lines as stored (each keeps the rate it was written with): the one mapping from stored
 * lines to computeInvoiceTotals. `taxKey` groups the tax breakdown (by default the rate's id).
 */
function totalsOfStoredLines<L extends StoredLine>(
  lines: readonly L[],
  discount: TotalsInput["discount"],
  amountPaidMinor: number,
  taxKey: (line: L) => string | null = (l) => l.taxRateId,
): InvoiceTotals {
  return computeInvoiceTotals({
    lines: lines.map((l) => ({
      quantityMilli: l.quantityMilli,
      unitPriceMinor: l.unitPriceMinor,
      taxRateId: taxKey(l),
      taxRateMilliPercent: l.taxRateMilliPercent,
      discount: l.discount,
    })),
    discount,
    amountPaidMinor,
  });
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

async function lockInvoice(t: TenantScope, id: string) {
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

export async function createInvoice(ctx: TenantContext, input: CreateInvoiceFields): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.create");
  const v = parseInput(createInvoiceInput, input);
  return withTenant(ctx, async (t) => {
    const draft = await prepareDraft(
      t,
      { ...v, notes: v.notes ?? null, discount: v.discount ?? null, lines: v.lines ?? [] },
      { isNew: true, existingRateIds: new Set(), amountPaidMinor: 0 },
    );
    const id = await repo.insertInvoice(t, { ...draft, ...totalsColumns(draft.totals) });
    await repo.replaceLines(t, id, draft.lines);
    await recordAuditEvent(t, ctx, {
      action: "invoice.created",
      targetType: "invoice",
      targetId: id,
      detail: { clientId: draft.clientId, totalMinor: draft.totals.totalMinor, currency: draft.currency },
    });
    return (await loadInvoice(t, id))!;
  });
}

/** Only drafts are editable; `lines`, when given, replaces every line. */
export async function updateInvoice(ctx: TenantContext, id: string, input: UpdateInvoiceFields): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.update");
  const v: InvoiceInput = parseInput(updateInvoiceInput, input);
  return withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    nextStatus(row.status, "edit");
    const existing = await repo.findLines(t, id);
    const keepLines = v.lines === undefined;
    const draft = await prepareDraft(
      t,
      {
        clientId: v.clientId ?? row.clientId,
        currency: v.currency ?? row.currency,
        issueDate: v.issueDate ?? row.issueDate,
        dueDate: v.dueDate ?? (v.issueDate && !v.dueDate ? undefined : row.dueDate),
        notes: v.notes !== undefined ? v.notes : row.notes,
        discount: v.discount !== undefined ? v.discount : repo.toDiscount(row.discountKind, row.discountValue),
        lines: keepLines ? [] : v.lines!,
      },
      {
        isNew: false,
        existingRateIds: new Set(existing.map((l) => l.taxRateId).filter((x): x is string => !!x)),
        amountPaidMinor: 0,
        keepLines,
      },
    );
    if (keepLines) {
      if (v.currency && v.currency !== row.currency && existing.length > 0) {
        throw new AppError("validation_failed", "Send the lines again when changing the currency", {
          currency: ["Changing the currency needs the lines with prices in the new currency"],
        });
      }
      // Same lines, new invoice-level discount or dates: recompute from the stored lines.
      const totals = totalsOfStoredLines(existing, draft.discount, 0);
      throwUnlessDiscountsFit(totals, [], draft.discount, draft.currency);
      draft.totals = totals;
      draft.lines = existing.map(({ id: _id, ...l }, i) => ({
        ...l,
        netMinor: totals.lines[i]!.netMinor,
        taxMinor: totals.lines[i]!.taxMinor,
      }));
    }
    await repo.updateInvoice(t, id, {
      clientId: draft.clientId,
      currency: draft.currency,
      issueDate: draft.issueDate,
      dueDate: draft.dueDate,
      notes: draft.notes,
      discount: draft.discount,
      ...totalsColumns(draft.totals),
    });
    await repo.replaceLines(t, id, draft.lines);
    await recordAuditEvent(t, ctx, { action: "invoice.updated", targetType: "invoice", targetId: id, detail: { fields: Object.keys(v) } });
    return (await loadInvoice(t, id))!;
  });
}

export async function deleteInvoice(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx, "invoice.delete");
  await withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    nextStatus(row.status, "delete");
    await repo.deleteInvoice(t, id);
    await recordAuditEvent(t, ctx, { action: "invoice.deleted", targetType: "invoice", targetId: id, detail: { clientId: row.clientId } });
  });
}

/**
 * Sends a draft: it gets the workspace's next number (from the counter row, in this transaction) and
 * becomes sent — or overdue at once when its due date has already passed.
 */
export async function sendInvoice(ctx: TenantContext, id: string): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.send");
  return withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    let status = nextStatus(row.status, "send");
    const lines = await repo.findLines(t, id);
    if (lines.length === 0) throw new AppError("invalid_state", "Add at least one line before sending");
    if (row.totalMinor <= 0) throw new AppError("invalid_state", "An invoice must total more than zero to be sent");
    // Skip numbers already taken (possible after the prefix or padding changed, or imported invoices).
    let number = await assignInvoiceNumber(t);
    for (let tries = 0; await repo.numberTaken(t, number); tries++) {
      if (tries > 10_000) throw new AppError("conflict", "Could not find a free invoice number; check the numbering settings");
      number = await assignInvoiceNumber(t);
    }
    if (row.dueDate < today()) status = nextStatus(status, "mark_overdue");
    await repo.updateInvoice(t, id, { status, number, sentAt: now() });
    await recordAuditEvent(t, ctx, {
      action: "invoice.sent",
      targetType: "invoice",
      targetId: id,
      detail: { number, totalMinor: row.totalMinor, currency: row.currency },
    });
    return (await loadInvoice(t, id))!;
  });
}

export async function voidInvoice(ctx: TenantContext, id: string): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.void");
  return withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    const status = nextStatus(row.status, "void");
    if (row.amountPaidMinor > 0) throw new AppError("invalid_state", "This invoice has payments; delete them before voiding it");
    await repo.updateInvoice(t, id, { status, voidedAt: now() });
    await recordAuditEvent(t, ctx, {
      action: "invoice.voided",
      targetType: "invoice",
      targetId: id,
      detail: { number: row.number, previousStatus: row.status },
    });
    return (await loadInvoice(t, id))!;
  });
}

/** A new draft with the same client, currency, notes, discount and lines, dated today. */
export async function duplicateInvoice(ctx: TenantContext, id: string): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.duplicate");
  return withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    nextStatus(row.status, "duplicate");
    const lines = await repo.findLines(t, id);
    const settings = await settingsInScope(t);
    const issueDate = today();
    const discount = repo.toDiscount(row.discountKind, row.discountValue);
    const totals = totalsOfStoredLines(lines, discount, 0);
    const newId = await repo.insertInvoice(t, {
      clientId: row.clientId,
      currency: row.currency,
      issueDate,
      dueDate: addDays(issueDate, settings.paymentTermsDays),
      notes: row.notes,
      discount,
      duplicatedFromId: id,
      ...totalsColumns(totals),
    });
    await repo.replaceLines(
      t,
      newId,
      lines.map(({ id: _id, ...l }, i) => ({ ...l, netMinor: totals.lines[i]!.netMinor, taxMinor: totals.lines[i]!.taxMinor })),
    );
    await recordAuditEvent(t, ctx, {
      action: "invoice.duplicated",
      targetType: "invoice",
      targetId: newId,
      detail: { from: id, fromNumber: row.number },
    });
    return (await loadInvoice(t, newId))!;
  });
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

/**
 * For the payments module, inside its transaction: applies a new paid amount. Reaching zero balance
 * settles the invoice; dropping below the total re-opens a paid one (sent, or overdue when past due).
 */
export async function applyAmountPaid(
  t: TenantScope,
  ctx: TenantContext,
  row: { id: string; status: InvoiceStatus; totalMinor: number; dueDate: string; number: string | null },
  amountPaidMinor: number,
): Promise<InvoiceStatus> {
  if (amountPaidMinor > row.totalMinor) throw new AppError("validation_failed", "Payments would exceed the invoice total");
  const balance = row.totalMinor - amountPaidMinor;
  let status: InvoiceStatus = row.status;
  let paidAt: Date | null | undefined;
  if (balance === 0 && row.status !== "paid") {
    status = nextStatus(row.status, "settle");
    paidAt = now();
    await recordAuditEvent(t, ctx, { action: "invoice.paid", targetType: "invoice", targetId: row.id, detail: { number: row.number } });
  } else if (balance > 0 && row.status === "paid") {
    status = nextStatus(row.status, "reopen", { pastDue: row.dueDate < today() });
    paidAt = null;
    await recordAuditEvent(t, ctx, {
      action: "invoice.reopened",
      targetType: "invoice",
      targetId: row.id,
      detail: { number: row.number, status },
    });
  }
  await repo.updateInvoice(t, row.id, { amountPaidMinor, balanceDueMinor: balance, status, ...(paidAt !== undefined ? { paidAt } : {}) });
  return status;
}

/** The overdue job's step for one workspace: one batch in its own tenant transaction. */
export async function markOverdueBatch(workspaceId: TenantContext["workspaceId"], batchSize: number): Promise<number> {
  return withTenant({ workspaceId }, (t) => markOverdueIn(t, batchSize));
}

/** One batch of the overdue step inside the caller's tenant transaction (the queued job's). */
export async function markOverdueIn(t: TenantScope, batchSize: number): Promise<number> {
  const marked = await repo.markOverdueBatch(t, today(), batchSize);
  for (const m of marked) {
    await recordAuditEvent(
      t,
      { userId: null, actorLabel: "Workledger (overdue job)" },
      { action: "invoice.overdue", targetType: "invoice", targetId: m.id, detail: { number: m.number } },
    );
  }
  return marked.length;
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
