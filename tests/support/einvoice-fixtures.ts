/** Invoices for the e-invoice tests: totals from the real totals function, a complete seller and buyer. */
import { expect } from "vitest";
import type { VatCategory } from "@/lib/einvoice-codes";
import { computeInvoiceTotals, type Discount } from "@/modules/invoices/invoice-totals";
import { buildEinvoiceModel, type EinvoiceBuyer, type EinvoiceInvoice, type EinvoiceSeller } from "@/modules/einvoice/einvoice-model";
import { renderUbl } from "@/modules/einvoice/ubl";
import { renderCii } from "@/modules/einvoice/cii";
import { fatalFailures, type FailedAssert } from "./en16931";

export interface LineSpec {
  description?: string;
  quantityMilli: number;
  unitPriceMinor: number;
  category: VatCategory;
  milli?: number;
  unitCode?: string;
  discount?: Discount | null;
}

const RATE_IDS: Record<string, string> = {};
const rateId = (category: VatCategory, milli: number) => (RATE_IDS[`${category}${milli}`] ??= `rate-${category}-${milli}`);
const REASONS: Partial<Record<VatCategory, string>> = {
  E: "Exempt under Article 132(1)(i) of Directive 2006/112/EC",
  AE: "Reverse charge",
  K: "Intra-community supply, Article 138 of Directive 2006/112/EC",
  G: "Export outside the EU, Article 146 of Directive 2006/112/EC",
  O: "Not subject to VAT",
};

export function invoiceOf(
  specs: LineSpec[],
  opts: { currency?: string; discount?: Discount | null; paidFraction?: number; clientName?: string } = {},
): EinvoiceInvoice {
  const lines = specs.map((s) => {
    const milli = s.category === "S" ? (s.milli ?? 20_000) : 0;
    return {
      description: s.description ?? "Consulting",
      quantityMilli: s.quantityMilli,
      unitCode: s.unitCode ?? "C62",
      unitPriceMinor: s.unitPriceMinor,
      taxRateId: rateId(s.category, milli),
      taxRateMilliPercent: milli,
      vatCategory: s.category,
      exemptionReason: REASONS[s.category] ?? null,
      discount: s.discount ?? null,
    };
  });
  const totals = computeInvoiceTotals({ lines, discount: opts.discount ?? null, amountPaidMinor: 0 });
  const paid = Math.floor(totals.totalMinor * (opts.paidFraction ?? 0));
  return {
    number: "INV-0042",
    status: "sent",
    currency: opts.currency ?? "EUR",
    issueDate: "2026-11-30",
    dueDate: "2026-12-30",
    notes: "Thank you",
    buyerReference: "04011000-12345-03",
    purchaseOrderReference: "PO-7",
    discount: opts.discount ?? null,
    subtotalMinor: totals.subtotalMinor,
    discountMinor: totals.discountMinor,
    taxMinor: totals.taxMinor,
    totalMinor: totals.totalMinor,
    amountPaidMinor: paid,
    balanceDueMinor: totals.totalMinor - paid,
    clientName: opts.clientName ?? "Client GmbH",
    lines: lines.map((l, i) => ({ ...l, netMinor: totals.lines[i]!.netMinor, taxMinor: totals.lines[i]!.taxMinor })),
  };
}

export const SELLER: EinvoiceSeller = {
  legalName: "Workledger Test SARL",
  street: "1 Rue de la Paix",
  city: "Paris",
  postcode: "75002",
  countryCode: "FR",
  vatId: "FR12345678901",
  taxId: null,
  registrationId: "123 456 789",
  endpointId: "12345678900012",
  endpointScheme: "0009",
  iban: "FR7630006000011234567890189",
  bic: "AGRIFRPP",
  accountHolder: "Workledger Test SARL",
};

export const BUYER: EinvoiceBuyer = {
  street: "Hauptstraße 5",
  city: "Berlin",
  postcode: "10115",
  countryCode: "DE",
  vatId: "DE123456789",
  endpointId: "DE123456789",
  endpointScheme: "9930",
};

export function describeFails(fails: FailedAssert[]): string {
  return fails.map((f) => `${f.id} at ${f.location}: ${f.text}`).join("\n");
}

export async function expectValid(invoice: EinvoiceInvoice, label = ""): Promise<void> {
  for (const format of ["ubl", "cii"] as const) {
    const model = buildEinvoiceModel(format, invoice, SELLER, BUYER);
    const xml = format === "ubl" ? renderUbl(model) : renderCii(model);
    const fails = await fatalFailures(format, xml);
    expect(fails, `${label} ${format}:\n${describeFails(fails)}\n${xml}`).toEqual([]);
  }
}
