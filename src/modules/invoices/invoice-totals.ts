/**
 * Invoice totals — the rounding rule.
 *
 * All amounts are integers in the currency's minor units; every intermediate is a BigInt and each
 * result is checked to be a safe integer. "round" is half-up (a remainder of exactly one half goes
 * up); nothing here is negative, so half-up is also half-away-from-zero.
 *
 * 1. Per line: gross = round(quantity × unit price), the quantity carrying 3 decimals.
 *    Line discount = round(gross × percent) for a percentage (basis points), or min(amount, gross)
 *    for a fixed amount. net = gross − line discount.
 * 2. subtotal = Σ net.
 * 3. Invoice discount = round(subtotal × percent), or min(amount, subtotal) for a fixed amount.
 * 4. The invoice discount is allocated to the lines in proportion to their net by the largest-
 *    remainder method: each line first gets floor(discount × net / subtotal); the cents left over go
 *    one each to the lines with the largest remainders. Equal remainders are ordered by the line's
 *    content (larger net first, then quantity, price, tax rate, line discount), never by its position,
 *    so reordering the lines never changes what any line is charged. A line's share never exceeds its
 *    net, and the shares add up to the invoice discount exactly.
 * 5. Per line: taxable = net − share; tax = round(taxable × rate), the rate in thousandths of a
 *    percent (7.125 % = 7125). Tax is rounded per line and the per-rate breakdown is the sum of its
 *    lines, so the breakdown, the lines and the invoice always add up.
 * 6. total = subtotal − invoice discount + tax; balance due = total − amount paid.
 */
import { roundHalfUpDiv } from "@/lib/money";
import { AppError, type FieldErrors } from "@/platform/errors";

export type Discount = { kind: "percent"; basisPoints: number /* 0..10000 */ } | { kind: "amount"; minor: number };

export interface TotalsLine {
  /** Quantity × 1000, >= 0. */
  quantityMilli: number;
  unitPriceMinor: number;
  taxRateId: string | null;
  /** 20 % = 20000; 0 when there is no rate. */
  taxRateMilliPercent: number;
  discount: Discount | null;
}

export interface TotalsInput {
  lines: TotalsLine[];
  discount: Discount | null;
  amountPaidMinor: number;
}

export interface LineTotals {
  grossMinor: number;
  lineDiscountMinor: number;
  netMinor: number;
  invoiceDiscountShareMinor: number;
  taxableMinor: number;
  taxMinor: number;
  /** taxable + tax: what this line contributes to the invoice total. */
  totalMinor: number;
}

export interface TaxBreakdown {
  taxRateId: string;
  rateMilliPercent: number;
  taxableMinor: number;
  taxMinor: number;
}

export interface InvoiceTotals {
  lines: LineTotals[];
  /** Σ line nets. */
  subtotalMinor: number;
  /** The invoice-level discount. */
  discountMinor: number;
  /** One per tax rate, sorted by taxRateId. */
  taxes: TaxBreakdown[];
  taxMinor: number;
  totalMinor: number;
  amountPaidMinor: number;
  balanceDueMinor: number;
}

export const MAX_INVOICE_LINES = 500;

const QUANTITY_SCALE = 1000n;
const BASIS_POINTS = 10_000n;
const MILLI_PERCENT = 100_000n;

interface WorkLine {
  index: number;
  line: TotalsLine;
  gross: bigint;
  lineDiscount: bigint;
  net: bigint;
  share: bigint;
}

export function computeInvoiceTotals(input: TotalsInput): InvoiceTotals {
  validate(input);

  const work: WorkLine[] = input.lines.map((line, index) => {
    const gross = roundHalfUpDiv(BigInt(line.quantityMilli) * BigInt(line.unitPriceMinor), QUANTITY_SCALE);
    const lineDiscount = discountOf(gross, line.discount);
    return { index, line, gross, lineDiscount, net: gross - lineDiscount, share: 0n };
  });

  const subtotal = work.reduce((sum, w) => sum + w.net, 0n);
  const discount = discountOf(subtotal, input.discount);
  allocateDiscount(work, discount, subtotal);

  const byRate = new Map<string, { rate: number; taxable: bigint; tax: bigint }>();
  let tax = 0n;
  const lines = work.map((w) => {
    const taxable = w.net - w.share;
    const lineTax = roundHalfUpDiv(taxable * BigInt(w.line.taxRateMilliPercent), MILLI_PERCENT);
    tax += lineTax;
    if (w.line.taxRateId !== null) {
      const group = byRate.get(w.line.taxRateId) ?? { rate: w.line.taxRateMilliPercent, taxable: 0n, tax: 0n };
      group.taxable += taxable;
      group.tax += lineTax;
      byRate.set(w.line.taxRateId, group);
    }
    return {
      grossMinor: toSafe(w.gross),
      lineDiscountMinor: toSafe(w.lineDiscount),
      netMinor: toSafe(w.net),
      invoiceDiscountShareMinor: toSafe(w.share),
      taxableMinor: toSafe(taxable),
      taxMinor: toSafe(lineTax),
      totalMinor: toSafe(taxable + lineTax),
    };
  });

  const taxes = [...byRate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([taxRateId, g]) => ({
      taxRateId,
      rateMilliPercent: g.rate,
      taxableMinor: toSafe(g.taxable),
      taxMinor: toSafe(g.tax),
    }));

  const total = subtotal - discount + tax;
  const paid = BigInt(input.amountPaidMinor);
  return {
    lines,
    subtotalMinor: toSafe(subtotal),
    discountMinor: toSafe(discount),
    taxes,
    taxMinor: toSafe(tax),
    totalMinor: toSafe(total),
    amountPaidMinor: input.amountPaidMinor,
    balanceDueMinor: toSafe(total - paid),
  };
}

function discountOf(base: bigint, discount: Discount | null): bigint {
  if (discount === null) return 0n;
  if (discount.kind === "percent") return roundHalfUpDiv(base * BigInt(discount.basisPoints), BASIS_POINTS);
  const amount = BigInt(discount.minor);
  return amount < base ? amount : base;
}

/** Largest remainder; see rule 4 at the top of this file. */
function allocateDiscount(work: WorkLine[], discount: bigint, subtotal: bigint): void {
  if (discount === 0n || subtotal === 0n) return;
  const remainders = new Map<WorkLine, bigint>();
  let allocated = 0n;
  for (const w of work) {
    const exact = discount * w.net;
    w.share = exact / subtotal;
    remainders.set(w, exact % subtotal);
    allocated += w.share;
  }
  let leftover = discount - allocated;
  if (leftover === 0n) return;
  const order = [...work].sort((a, b) => compareBigDesc(remainders.get(a) ?? 0n, remainders.get(b) ?? 0n) || compareContent(a, b));
  // leftover < the number of lines with a non-zero remainder, so only those receive a cent.
  for (const w of order) {
    if (leftover === 0n) break;
    w.share += 1n;
    leftover -= 1n;
  }
}

function compareBigDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

function compareNumber(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareString(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** A total order on what a line *is*; lines equal here are interchangeable, so their order is moot. */
function compareContent(a: WorkLine, b: WorkLine): number {
  return (
    compareBigDesc(a.net, b.net) ||
    compareNumber(a.line.quantityMilli, b.line.quantityMilli) ||
    compareNumber(a.line.unitPriceMinor, b.line.unitPriceMinor) ||
    compareString(a.line.taxRateId, b.line.taxRateId) ||
    compareNumber(a.line.taxRateMilliPercent, b.line.taxRateMilliPercent) ||
    compareString(a.line.discount?.kind ?? null, b.line.discount?.kind ?? null) ||
    compareNumber(discountValue(a.line.discount), discountValue(b.line.discount)) ||
    a.index - b.index
  );
}

function discountValue(discount: Discount | null): number {
  if (discount === null) return -1;
  return discount.kind === "percent" ? discount.basisPoints : discount.minor;
}

function toSafe(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new AppError("validation_failed", "The invoice's amounts are larger than this system supports");
  }
  return Number(value);
}

function isAmount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function validate(input: TotalsInput): void {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    (errors[field] ??= []).push(message);
  };
  const checkDiscount = (field: string, discount: Discount | null) => {
    if (discount === null) return;
    if (discount.kind === "percent") {
      if (!isAmount(discount.basisPoints) || discount.basisPoints > 10_000) {
        add(`${field}.basisPoints`, "A percentage discount must be between 0 and 100 %");
      }
    } else if (discount.kind === "amount") {
      if (!isAmount(discount.minor)) add(`${field}.minor`, "A discount amount must be a non-negative whole number of minor units");
    } else {
      add(field, "Unknown discount kind");
    }
  };

  if (!Array.isArray(input.lines)) {
    add("lines", "Lines must be a list");
  } else {
    if (input.lines.length > MAX_INVOICE_LINES) add("lines", `An invoice has at most ${MAX_INVOICE_LINES} lines`);
    const ratesById = new Map<string, number>();
    input.lines.slice(0, MAX_INVOICE_LINES).forEach((line, i) => {
      const at = `lines.${i}`;
      if (!isAmount(line.quantityMilli)) add(`${at}.quantityMilli`, "Quantity must be a non-negative number with at most 3 decimals");
      if (!isAmount(line.unitPriceMinor)) add(`${at}.unitPriceMinor`, "Unit price must be a non-negative whole number of minor units");
      if (!isAmount(line.taxRateMilliPercent)) {
        add(`${at}.taxRateMilliPercent`, "Tax rate must be a non-negative percentage with at most 3 decimals");
      } else if (line.taxRateId === null && line.taxRateMilliPercent !== 0) {
        add(`${at}.taxRateMilliPercent`, "A line without a tax rate cannot be taxed");
      } else if (line.taxRateId !== null) {
        const known = ratesById.get(line.taxRateId);
        if (known !== undefined && known !== line.taxRateMilliPercent) {
          add(`${at}.taxRateMilliPercent`, "Lines with the same tax rate must use the same percentage");
        }
        ratesById.set(line.taxRateId, known ?? line.taxRateMilliPercent);
      }
      checkDiscount(`${at}.discount`, line.discount);
    });
  }
  checkDiscount("discount", input.discount);
  if (!isAmount(input.amountPaidMinor)) add("amountPaidMinor", "Amount paid must be a non-negative whole number of minor units");

  if (Object.keys(errors).length > 0) throw new AppError("validation_failed", "The invoice's amounts are not valid", errors);
}
