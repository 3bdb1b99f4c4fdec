/** A draft's validation against the workspace and its exact totals: what create, update and duplicate share. */
import { type TenantScope } from "@/platform/db/tenant";
import { AppError, type FieldErrors } from "@/platform/errors";
import { today } from "@/lib/clock";
import { addDays, addYears } from "@/lib/dates";
import { formatMoney, parseDecimal, parseMoney } from "@/lib/money";
import { dateProblem, isDateInRange, LAST_DATE } from "@/lib/schemas";
import { clientInScope } from "@/modules/clients/clients.service";
import { settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import { taxRatesInScope } from "@/modules/tax-rates/tax-rates.service";
import { computeInvoiceTotals, type InvoiceTotals, type TotalsInput } from "./invoice-totals";
import { type Discount, type DiscountInput, type InvoiceLineDto, type LineInput } from "./invoices.schemas";
import type * as repo from "./invoices.repo";
import { balanceDue } from "./invoice-lifecycle";
import { DEFAULT_UNIT_CODE } from "@/lib/einvoice-codes";

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

/** An invoice's issue and due dates lie within this many years of today (the app clock): 9999 or 1901 is a typo. */
export const DATE_WINDOW_YEARS = 10;

/** The first and last issue or due date accepted today. */
export function invoiceDateWindow(): { from: string; to: string } {
  const day = today();
  return { from: addYears(day, -DATE_WINDOW_YEARS), to: addYears(day, DATE_WINDOW_YEARS) };
}

/**
 * The date rules of a draft: both dates in the window, the due date not before the issue date. A due
 * date derived from the issue date (none was given) is reported on the issue date, the field that was sent.
 */
function checkDates(issueDate: string, dueDate: string, dueDateGiven: boolean, errors: FieldErrors, paymentTermsDays?: number): void {
  const { from, to } = invoiceDateWindow();
  const outside = (d: string) => d < from || d > to;
  const windowMessage = (what: string) => `Use ${what} within ${DATE_WINDOW_YEARS} years of today: from ${from} to ${to}`;
  if (outside(issueDate)) {
    (errors.issueDate ??= []).push(windowMessage("an issue date"));
    return;
  }
  if (!dueDateGiven && !isDateInRange(dueDate)) {
    (errors.issueDate ??= []).push(
      `With ${paymentTermsDays} days of payment terms the due date would be after ${LAST_DATE}; choose an earlier issue date or give a due date`,
    );
  } else if (outside(dueDate)) {
    (errors[dueDateGiven ? "dueDate" : "issueDate"] ??= []).push(
      dueDateGiven
        ? windowMessage("a due date")
        : `With ${paymentTermsDays} days of payment terms the due date would be after ${to}; choose an earlier issue date or give a due date`,
    );
  } else if (dueDate < issueDate) (errors.dueDate ??= []).push("The due date cannot be before the issue date");
}

/**
 * The amount and date errors of a draft whose shape zod refused, found in whatever parts of the raw
 * input can be read, merged into the shape's errors (a field that already has a shape error keeps only
 * that): one request reports an empty description, a −3 quantity, "abc", a 150 % discount and a due
 * date before the issue date all at once, not in waves. Checks that need the workspace's data (tax
 * rates, a fixed discount against the subtotal) wait for a well-formed draft.
 */
export function mergeAmountAndDateErrors(shapeErrors: FieldErrors, raw: unknown, currency: string): FieldErrors {
  const input = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const text = (v: unknown): string | undefined => (typeof v === "string" || typeof v === "number" ? String(v).trim() : undefined);
  const discountOf = (v: unknown): DiscountInput => {
    if (typeof v !== "object" || v === null) return null;
    const { kind, value } = v as Record<string, unknown>;
    const typed = text(value);
    return (kind === "percent" || kind === "amount") && typed !== undefined ? { kind, value: typed } : null;
  };
  const found: FieldErrors = {};
  if (Array.isArray(input.lines)) {
    const lines = input.lines.map((l): LineInput => {
      const line = typeof l === "object" && l !== null ? (l as Record<string, unknown>) : {};
      // An unreadable amount is zod's to report; "1" stands in for it and raises nothing here.
      return {
        description: "",
        quantity: text(line.quantity) ?? "1",
        unitCode: DEFAULT_UNIT_CODE,
        unitPrice: text(line.unitPrice) ?? "1",
        taxRateId: null,
        discount: discountOf(line.discount),
      };
    });
    convertLines(lines, currency, found);
  }
  convertDiscount(discountOf(input.discount), currency, "discount", found);
  const issueDate = text(input.issueDate);
  const dueDate = text(input.dueDate);
  const validIssue = issueDate !== undefined && dateProblem(issueDate) === undefined ? issueDate : undefined;
  const validDue = dueDate !== undefined && dateProblem(dueDate) === undefined ? dueDate : undefined;
  if (validIssue !== undefined) checkDates(validIssue, validDue ?? validIssue, true, found);
  const merged: FieldErrors = { ...shapeErrors };
  for (const [field, messages] of Object.entries(found)) if (!merged[field]) merged[field] = messages;
  return merged;
}

export interface Draft extends Pick<
  repo.InvoiceWrite,
  "clientId" | "currency" | "issueDate" | "dueDate" | "notes" | "buyerReference" | "purchaseOrderReference" | "discount"
> {
  lines: repo.LineWrite[];
  totals: InvoiceTotals;
}

/**
 * Validates a draft against this workspace (client, tax rates), converts amounts exactly and computes
 * the totals on the server. `existingRateIds`: rates already on the invoice may stay even if archived since.
 */
export async function prepareDraft(
  t: TenantScope,
  merged: {
    clientId: string;
    currency?: string;
    issueDate?: string;
    dueDate?: string;
    notes: string | null;
    buyerReference: string | null;
    purchaseOrderReference: string | null;
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
  checkDates(issueDate, dueDate, merged.dueDate !== undefined, errors, settings.paymentTermsDays);

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
    buyerReference: merged.buyerReference,
    purchaseOrderReference: merged.purchaseOrderReference,
    discount,
    totals,
    lines: lines.map((l, i) => {
      const rate = l.input.taxRateId ? rates.get(l.input.taxRateId) : undefined;
      return {
        position: i + 1,
        description: l.input.description,
        quantityMilli: l.quantityMilli,
        unitCode: l.input.unitCode ?? DEFAULT_UNIT_CODE,
        unitPriceMinor: l.unitPriceMinor,
        taxRateId: rate?.id ?? null,
        taxRateName: rate?.name ?? null,
        taxRateMilliPercent: rate?.rateMilliPercent ?? 0,
        vatCategory: rate?.vatCategory ?? null,
        exemptionReason: rate?.exemptionReason ?? null,
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
export function throwUnlessDiscountsFit(
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

/** The stored totals of a draft: a draft owes nothing yet (balanceDue), its balance is set when it is sent. */
export function totalsColumns(totals: InvoiceTotals) {
  return {
    subtotalMinor: totals.subtotalMinor,
    discountMinor: totals.discountMinor,
    taxMinor: totals.taxMinor,
    totalMinor: totals.totalMinor,
    amountPaidMinor: totals.amountPaidMinor,
    balanceDueMinor: balanceDue("draft", totals.totalMinor, totals.amountPaidMinor),
  };
}

type StoredLine = Pick<InvoiceLineDto, "quantityMilli" | "unitPriceMinor" | "taxRateId" | "taxRateMilliPercent" | "discount">;

/**
 * The totals of lines as stored (each keeps the rate it was written with): the one mapping from stored
 * lines to computeInvoiceTotals. `taxKey` groups the tax breakdown (by default the rate's id).
 */
export function totalsOfStoredLines<L extends StoredLine>(
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
