import {
  computeInvoiceTotals,
  type Discount,
  type InvoiceTotals,
  type TotalsLine,
  type TotalsInput,
} from "@/modules/invoices/invoice-totals";
import { currencyExponent, formatMoney, parseDecimal, parseMoney } from "@/lib/money";
import type { DiscountKind, EditorHeader, EditorTaxRate, KeyedLine } from "./types";

/** A typed discount as the totals want it: null for none, undefined while it is not a valid number. */
function parseDiscount(kind: DiscountKind, value: string, currency: string): Discount | null | undefined {
  if (kind === "none") return null;
  try {
    return kind === "percent"
      ? { kind: "percent", basisPoints: parseDecimal(value, 2) }
      : { kind: "amount", minor: parseMoney(value, currency) };
  } catch {
    return undefined;
  }
}

function totalsOrNull(input: TotalsInput): InvoiceTotals | null {
  try {
    return computeInvoiceTotals(input);
  } catch {
    return null;
  }
}

export interface LiveTotals {
  /** The typed currency, upper-cased; null while it is not a known one. */
  currency: string | null;
  lineNets: (number | null)[];
  totals: InvoiceTotals | null;
}

/** A line as the totals want it, or null while some field of it does not parse. */
function prepareLine(line: KeyedLine, currency: string, rates: Map<string, EditorTaxRate>): TotalsLine | null {
  const rate = line.taxRateId ? rates.get(line.taxRateId) : undefined;
  if (line.taxRateId && !rate) return null;
  const discount = parseDiscount(line.discountKind, line.discountValue, currency);
  if (discount === undefined) return null;
  try {
    return {
      quantityMilli: parseDecimal(line.quantity, 3),
      unitPriceMinor: parseMoney(line.unitPrice, currency),
      taxRateId: rate?.id ?? null,
      taxRateMilliPercent: rate?.rateMilliPercent ?? 0,
      discount,
    };
  } catch {
    return null;
  }
}

/**
 * The same pure function the server uses, on what is typed so far. A line that does not parse yet shows
 * "—" and so do the invoice totals; the server recomputes on save and its numbers are the truth.
 */
export function computeLive(header: EditorHeader, lines: KeyedLine[], rates: Map<string, EditorTaxRate>): LiveTotals {
  const currency = header.currency.trim().toUpperCase();
  try {
    currencyExponent(currency);
  } catch {
    return { currency: null, lineNets: lines.map(() => null), totals: null };
  }
  const prepared = lines.map((l) => prepareLine(l, currency, rates));
  const lineNets = prepared.map((p) =>
    p ? (totalsOrNull({ lines: [p], discount: null, amountPaidMinor: 0 })?.lines[0]?.netMinor ?? null) : null,
  );
  const discount = parseDiscount(header.discountKind, header.discountValue, currency);
  const complete = prepared.filter((p): p is TotalsLine => p !== null);
  const totals =
    complete.length === prepared.length && discount !== undefined ? totalsOrNull({ lines: complete, discount, amountPaidMinor: 0 }) : null;
  return { currency, lineNets, totals };
}

/** Formats minor units in the live currency; "—" for anything not known yet. */
export function liveMoney(currency: string | null): (minor: number | null | undefined) => string {
  return (minor) => {
    if (minor === null || minor === undefined || currency === null) return "—";
    try {
      return formatMoney(minor, currency);
    } catch {
      return "—";
    }
  };
}
