import { currencyExponent, formatDecimal, formatMoney, toDecimalString } from "@/lib/money";
import type { Discount } from "@/modules/invoices/invoices.schemas";
import type { InvoiceStatus } from "@/modules/invoices/invoice-lifecycle";
import type { PaymentMethod } from "@/modules/payments/payments.schemas";

/** Pure display helpers shared by the invoice pages, the editor (client side) and the PDF route. */

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  overdue: "Overdue",
  paid: "Paid",
  void: "Void",
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  bank_transfer: "Bank transfer",
  card: "Card",
  cash: "Cash",
  other: "Other",
};

export function paymentMethodLabel(method: string): string {
  return (PAYMENT_METHOD_LABELS as Record<string, string>)[method] ?? method;
}

/** 20000 → "20%", 7125 → "7.125%". */
export function formatRate(milliPercent: number): string {
  return `${formatDecimal(milliPercent, 3)}%`;
}

/** How a tax rate reads on an invoice: its name, with the percentage unless the name already says it. */
export function taxLabel(name: string, milliPercent: number): string {
  const rate = formatRate(milliPercent);
  return name.replace(/\s+/g, "").includes(rate) ? name : `${name} ${rate}`;
}

export function discountLabel(discount: Discount, currency: string): string {
  return discount.kind === "percent" ? `${formatDecimal(discount.basisPoints, 2)}%` : formatMoney(discount.minor, currency);
}

/** A stored discount back into what the editor's inputs hold. */
export function discountText(discount: Discount | null, currency: string): { kind: "none" | "percent" | "amount"; value: string } {
  if (!discount) return { kind: "none", value: "" };
  return discount.kind === "percent"
    ? { kind: "percent", value: formatDecimal(discount.basisPoints, 2) }
    : { kind: "amount", value: toDecimalString(discount.minor, currencyExponent(currency)) };
}

/** "2025-03-14" → "Mar 14, 2025" (dates are calendar dates: no time zone shifts). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

/** Whole days from `from` to `to` (both yyyy-mm-dd). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
