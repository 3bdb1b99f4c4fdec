/**
 * The EN 16931 model of one of our invoices: what the UBL and CII writers print, and the readiness check
 * that says which fields are missing before any file is made. Pure: no database, no clock.
 *
 * How our totals map (README "E-invoicing"):
 * - Invoice line net amount (BT-131) = our line net (gross rounded per line, less the line discount, which is
 *   also given as a line allowance BG-27). Σ BT-131 = our subtotal (BR-CO-10).
 * - Our invoice discount, allocated to the lines by largest remainder, becomes one document-level allowance
 *   (BG-20) per VAT category and rate: the sum of the shares of that group's lines (Σ = our discount).
 * - VAT breakdown (BG-23) per category and rate: taxable = Σ (net − share) of its lines, tax = Σ of the
 *   lines' rounded taxes — exactly our stored numbers, so the client owes what the PDF says. BR-CO-17 accepts
 *   a VAT amount within one currency unit of taxable × rate; the readiness check refuses a group outside it.
 * - Totals: BT-106 subtotal, BT-107 discount, BT-109 = BT-106 − BT-107, BT-110 tax, BT-112 = BT-109 + BT-110
 *   (our total), BT-113 prepaid = amount paid, BT-115 = BT-112 − BT-113 (our balance due).
 */
import type { FieldErrors } from "@/lib/app-error";
import { currencyExponent } from "@/lib/money";
import { needsExemptionReason, REVERSE_CHARGE_NOTE, VAT_CATEGORY_LABELS, type VatCategory } from "@/lib/einvoice-codes";
import { computeInvoiceTotals, type Discount } from "@/modules/invoices/invoice-totals";

export type EinvoiceFormat = "ubl" | "cii";

/** The parts of an invoice the model reads (an InvoiceDto fits). */
export interface EinvoiceInvoice {
  number: string | null;
  status: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  notes: string | null;
  buyerReference: string | null;
  purchaseOrderReference: string | null;
  discount: Discount | null;
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  amountPaidMinor: number;
  balanceDueMinor: number;
  clientName: string;
  lines: EinvoiceInvoiceLine[];
}

export interface EinvoiceInvoiceLine {
  description: string;
  quantityMilli: number;
  unitCode: string;
  unitPriceMinor: number;
  taxRateId: string | null;
  taxRateMilliPercent: number;
  vatCategory: VatCategory | null;
  exemptionReason: string | null;
  discount: Discount | null;
  netMinor: number;
  taxMinor: number;
}

export interface EinvoiceSeller {
  legalName: string | null;
  street: string | null;
  city: string | null;
  postcode: string | null;
  countryCode: string | null;
  vatId: string | null;
  /** BT-32, the seller's tax registration (e.g. a German Steuernummer): our "Tax id" when it is not the VAT id. */
  taxId: string | null;
  registrationId: string | null;
  endpointId: string | null;
  endpointScheme: string | null;
  iban: string | null;
  bic: string | null;
  accountHolder: string | null;
}

export interface EinvoiceBuyer {
  street: string | null;
  city: string | null;
  postcode: string | null;
  countryCode: string | null;
  vatId: string | null;
  endpointId: string | null;
  endpointScheme: string | null;
}

export interface EinvoiceParty {
  name: string;
  street: string | null;
  city: string;
  postcode: string;
  countryCode: string;
  vatId: string | null;
  taxId: string | null;
  registrationId: string | null;
  endpoint: { id: string; scheme: string } | null;
}

export interface EinvoiceLine {
  id: string;
  name: string;
  quantity: string;
  unitCode: string;
  /** BT-146, the net price per unit (our unit price; the line discount is a line allowance). */
  price: string;
  /** BT-136, the line discount; null without one. */
  allowance: string | null;
  net: string;
  category: VatCategory;
  /** Null for category O (no rate). */
  percent: string | null;
}

export interface EinvoiceVatGroup {
  category: VatCategory;
  percent: string | null;
  taxable: string;
  tax: string;
  exemptionReason: string | null;
  /** The invoice discount's share of this group (BG-20), null when there is none. */
  allowance: string | null;
}

export interface EinvoiceModel {
  number: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  notes: string[];
  buyerReference: string | null;
  purchaseOrderReference: string | null;
  seller: EinvoiceParty;
  buyer: EinvoiceParty;
  /** For intra-community supplies (K): the delivery date (the issue date) and the deliver-to country. */
  delivery: { date: string; countryCode: string } | null;
  payment: { iban: string; bic: string | null; accountName: string | null } | null;
  lines: EinvoiceLine[];
  groups: EinvoiceVatGroup[];
  totals: {
    lineTotal: string;
    allowanceTotal: string | null;
    taxExclusive: string;
    tax: string;
    taxInclusive: string;
    prepaid: string | null;
    payable: string;
  };
}

/** Thrown (as a 422 by the service) with every missing or unmappable field named. */
export class EinvoiceNotReady extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super("This invoice cannot be made into a valid e-invoice yet");
  }
}

const MILLI_PERCENT = 100_000;

/** An amount of minor units as a decimal string with the currency's digits (−12345, 2 → "-123.45"). */
function decimal(minor: number, digits: number): string {
  const negative = minor < 0;
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, "0");
  const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

/** An amount as EN 16931 prints it: at most two decimals (BR-DEC-*), so 3-digit currencies need whole hundredths. */
function amountText(minor: number, digits: number): string {
  if (digits <= 2) return decimal(minor, digits);
  const scale = 10 ** (digits - 2);
  return decimal(minor / scale, 2);
}

function percentText(milli: number): string {
  return decimal(milli, 3).replace(/\.?0+$/, "") || "0";
}

/**
 * The e-invoice of an invoice, or EinvoiceNotReady naming every field that is missing: the seller's and the
 * buyer's details, a VAT category on every line, what each category requires, and totals that the rules accept.
 */
export function buildEinvoiceModel(
  format: EinvoiceFormat,
  invoice: EinvoiceInvoice,
  sellerIn: EinvoiceSeller,
  buyerIn: EinvoiceBuyer,
): EinvoiceModel {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    (errors[field] ??= []).push(message);
  };
  const digits = currencyExponent(invoice.currency);

  if (invoice.status === "draft" || !invoice.number) add("number", "Send the invoice first: an e-invoice needs its number");
  if (invoice.status === "void") add("status", "A void invoice is not an e-invoice");
  if (format === "ubl" && !invoice.buyerReference && !invoice.purchaseOrderReference) {
    add("buyerReference", "Peppol needs a buyer reference or a purchase order reference on the invoice");
  }
  if (invoice.lines.length === 0) add("lines", "An e-invoice needs at least one line");

  // Seller (invoice settings) and buyer (the client).
  const sellerName = sellerIn.legalName?.trim();
  if (!sellerName) add("seller.legalName", "Enter your legal name in the invoice settings");
  const requireAddress = (who: "seller" | "buyer", p: { city: string | null; postcode: string | null; countryCode: string | null }) => {
    const where = who === "seller" ? "in the invoice settings" : "on the client";
    if (!p.city) add(`${who}.city`, `Enter the ${who === "seller" ? "seller's" : "client's"} city ${where}`);
    if (!p.postcode) add(`${who}.postcode`, `Enter the ${who === "seller" ? "seller's" : "client's"} postcode ${where}`);
    if (!p.countryCode) add(`${who}.countryCode`, `Enter the ${who === "seller" ? "seller's" : "client's"} country (ISO code) ${where}`);
  };
  requireAddress("seller", sellerIn);
  requireAddress("buyer", buyerIn);
  if (format === "ubl") {
    if (!sellerIn.endpointId || !sellerIn.endpointScheme) {
      add("seller.endpointId", "Peppol needs your electronic address and its scheme in the invoice settings");
    }
    if (!buyerIn.endpointId || !buyerIn.endpointScheme)
      add("buyer.endpointId", "Peppol needs the client's electronic address and its scheme");
  }

  // Every line needs a VAT category, i.e. a tax rate.
  const categories = new Set<VatCategory>();
  invoice.lines.forEach((l, i) => {
    if (!l.vatCategory) add(`lines.${i}.taxRateId`, "Choose a tax rate (with its VAT category) for this line");
    else categories.add(l.vatCategory);
    if (l.vatCategory && needsExemptionReason(l.vatCategory) && !l.exemptionReason) {
      add(`lines.${i}.taxRateId`, `The tax rate of this line (category ${l.vatCategory}) needs an exemption reason`);
    }
  });
  const onlyOutsideScope = categories.size > 0 && [...categories].every((c) => c === "O");
  if (categories.has("O") && !onlyOutsideScope) {
    add("lines", "Lines outside the scope of VAT (O) cannot share an invoice with other VAT categories; invoice them separately");
  }
  // What each category asks of the parties (BR-S-02, BR-Z-02, BR-E-02, BR-AE-02/03, BR-IC-02, BR-G-02, BR-O-02).
  const vatCharged = [...categories].some((c) => c !== "O");
  if (vatCharged && !sellerIn.vatId && !(sellerIn.taxId && !categories.has("AE") && !categories.has("K") && !categories.has("G"))) {
    add("seller.vatId", "Enter your VAT id in the invoice settings: invoices with VAT categories need it");
  }
  if (!vatCharged && !sellerIn.registrationId && !sellerIn.taxId) {
    add("seller.registrationId", "Enter your legal registration id (or tax id) in the invoice settings");
  }
  if ((categories.has("AE") || categories.has("K")) && !buyerIn.vatId) {
    add("buyer.vatId", "Reverse charge and intra-community supplies need the client's VAT id");
  }

  // Amounts EN 16931 cannot print (more than two decimals) and VAT outside BR-CO-17's tolerance.
  if (digits > 2) {
    const scale = 10 ** (digits - 2);
    const amounts = [
      invoice.subtotalMinor,
      invoice.discountMinor,
      invoice.taxMinor,
      invoice.totalMinor,
      invoice.amountPaidMinor,
      ...invoice.lines.flatMap((l) => [l.netMinor, l.taxMinor]),
    ];
    if (amounts.some((a) => a % scale !== 0)) {
      add("currency", `EN 16931 prints amounts with at most 2 decimals; this ${invoice.currency} invoice has amounts in thousandths`);
    }
  }

  // The totals as stored, broken down per line (the invoice discount's shares) — the one rounding rule.
  const totals = computeInvoiceTotals({
    lines: invoice.lines.map((l) => ({
      quantityMilli: l.quantityMilli,
      unitPriceMinor: l.unitPriceMinor,
      taxRateId: l.taxRateId,
      taxRateMilliPercent: l.taxRateMilliPercent,
      discount: l.discount,
    })),
    discount: invoice.discount,
    amountPaidMinor: invoice.amountPaidMinor,
  });
  if (
    totals.subtotalMinor !== invoice.subtotalMinor ||
    totals.discountMinor !== invoice.discountMinor ||
    totals.taxMinor !== invoice.taxMinor ||
    totals.totalMinor !== invoice.totalMinor
  ) {
    add("totals", "The stored totals do not match the lines; edit and save the invoice again");
  }

  interface Group {
    category: VatCategory;
    milli: number;
    taxable: number;
    tax: number;
    share: number;
    reasons: string[];
  }
  const groups = new Map<string, Group>();
  invoice.lines.forEach((l, i) => {
    if (!l.vatCategory) return;
    const key = `${l.vatCategory}:${l.taxRateMilliPercent}`;
    const g = groups.get(key) ?? { category: l.vatCategory, milli: l.taxRateMilliPercent, taxable: 0, tax: 0, share: 0, reasons: [] };
    const t = totals.lines[i]!;
    g.taxable += t.taxableMinor;
    g.tax += t.taxMinor;
    g.share += t.invoiceDiscountShareMinor;
    if (l.exemptionReason && !g.reasons.includes(l.exemptionReason)) g.reasons.push(l.exemptionReason);
    groups.set(key, g);
  });
  const unit = 10 ** digits;
  for (const g of groups.values()) {
    // BR-CO-17: |tax − round(taxable × rate, 2 decimals)| below one currency unit; compared exactly in minor units × 100.
    const exact = BigInt(g.taxable) * BigInt(g.milli); // minor × milli-percent; × 1/100000 is the tax in minor units
    const diffScaled = BigInt(g.tax) * BigInt(MILLI_PERCENT) - exact;
    const abs = diffScaled < 0n ? -diffScaled : diffScaled;
    // Less half a hundredth, for the rules' rounding of the expected amount to two decimals.
    if (abs >= BigInt(unit) * BigInt(MILLI_PERCENT) - BigInt(unit) * 500n) {
      add(
        "totals",
        `The ${VAT_CATEGORY_LABELS[g.category]} VAT (${percentText(g.milli)} %) rounded per line differs from the rate applied to the total by a whole ${invoice.currency} or more (rule BR-CO-17)`,
      );
    }
  }

  if (Object.keys(errors).length > 0) throw new EinvoiceNotReady(errors);

  const a = (minor: number) => amountText(minor, digits);
  const party = (name: string, p: EinvoiceBuyer & { taxId?: string | null; registrationId?: string | null }): EinvoiceParty => ({
    name,
    street: p.street,
    city: p.city!,
    postcode: p.postcode!,
    countryCode: p.countryCode!,
    // BR-O-02: an invoice outside the scope of VAT names no VAT identifiers.
    vatId: onlyOutsideScope ? null : p.vatId,
    taxId: p.taxId && p.taxId !== p.vatId ? p.taxId : null,
    registrationId: p.registrationId ?? null,
    endpoint: p.endpointId && p.endpointScheme ? { id: p.endpointId, scheme: p.endpointScheme } : null,
  });
  const notes = [invoice.notes?.trim(), categories.has("AE") ? REVERSE_CHARGE_NOTE : undefined].filter((n): n is string => !!n);

  return {
    number: invoice.number!,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    notes,
    buyerReference: invoice.buyerReference,
    purchaseOrderReference: invoice.purchaseOrderReference,
    seller: party(sellerName!, sellerIn),
    buyer: party(invoice.clientName, buyerIn),
    delivery: categories.has("K") ? { date: invoice.issueDate, countryCode: buyerIn.countryCode! } : null,
    payment: sellerIn.iban ? { iban: sellerIn.iban, bic: sellerIn.bic, accountName: sellerIn.accountHolder } : null,
    lines: invoice.lines.map((l, i) => {
      const t = totals.lines[i]!;
      return {
        id: String(i + 1),
        name: l.description.split("\n")[0]!.trim() || l.description.trim(),
        quantity: decimal(l.quantityMilli, 3),
        unitCode: l.unitCode,
        price: decimal(l.unitPriceMinor, digits),
        allowance: t.lineDiscountMinor > 0 ? a(t.lineDiscountMinor) : null,
        net: a(t.netMinor),
        category: l.vatCategory!,
        percent: l.vatCategory === "O" ? null : percentText(l.taxRateMilliPercent),
      };
    }),
    groups: [...groups.values()]
      .sort((x, y) => (x.category < y.category ? -1 : x.category > y.category ? 1 : x.milli - y.milli))
      .map((g) => ({
        category: g.category,
        percent: g.category === "O" ? null : percentText(g.milli),
        taxable: a(g.taxable),
        tax: a(g.tax),
        exemptionReason: needsExemptionReason(g.category) ? g.reasons.join("; ") : null,
        allowance: g.share > 0 ? a(g.share) : null,
      })),
    totals: {
      lineTotal: a(totals.subtotalMinor),
      allowanceTotal: totals.discountMinor > 0 ? a(totals.discountMinor) : null,
      taxExclusive: a(totals.subtotalMinor - totals.discountMinor),
      tax: a(totals.taxMinor),
      taxInclusive: a(totals.totalMinor),
      prepaid: invoice.amountPaidMinor > 0 ? a(invoice.amountPaidMinor) : null,
      payable: a(totals.totalMinor - invoice.amountPaidMinor),
    },
  };
}
