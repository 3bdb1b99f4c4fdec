import { describe, expect, it } from "vitest";
import { VAT_CATEGORIES, type VatCategory } from "@/lib/einvoice-codes";
import { computeInvoiceTotals, type Discount } from "@/modules/invoices/invoice-totals";
import {
  buildEinvoiceModel,
  EinvoiceNotReady,
  type EinvoiceBuyer,
  type EinvoiceInvoice,
  type EinvoiceSeller,
} from "@/modules/einvoice/einvoice-model";
import { renderUbl } from "@/modules/einvoice/ubl";
import { renderCii } from "@/modules/einvoice/cii";
import { fatalFailures, type FailedAssert } from "../support/en16931";

/*
 * Generated e-invoices judged by the official EN 16931 rules (CEN/TC 434's validation XSLTs): zero failed
 * fatal rules for every VAT category, several rates, line and invoice discounts, 3-decimal quantities,
 * partial payments, 0- and 3-digit currencies and Unicode names; plus ≥200 random invoices from a seeded PRNG.
 * The totals come from the real totals function (computeInvoiceTotals), as the service stores them.
 */

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
    status: paid > 0 ? "sent" : "sent",
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

function describeFails(fails: FailedAssert[]): string {
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

describe("e-invoices pass the official EN 16931 rules", { timeout: 300_000 }, () => {
  it("every VAT category (O alone, as the rules require)", async () => {
    for (const category of VAT_CATEGORIES) {
      await expectValid(invoiceOf([{ quantityMilli: 2000, unitPriceMinor: 12_345, category }]), category);
    }
  });

  it("several rates, line discounts, an invoice discount, 3-decimal quantities, hours and days, Unicode names", async () => {
    await expectValid(
      invoiceOf(
        [
          {
            description: "Développement — Ω 設計",
            quantityMilli: 7_125,
            unitPriceMinor: 9_999,
            category: "S",
            milli: 20_000,
            unitCode: "HUR",
          },
          { quantityMilli: 1_333, unitPriceMinor: 4_567, category: "S", milli: 5_500, discount: { kind: "percent", basisPoints: 1_250 } },
          {
            quantityMilli: 3_000,
            unitPriceMinor: 80_000,
            category: "S",
            milli: 20_000,
            unitCode: "DAY",
            discount: { kind: "amount", minor: 333 },
          },
          { quantityMilli: 1_000, unitPriceMinor: 1_001, category: "Z" },
          { quantityMilli: 500, unitPriceMinor: 20_000, category: "E" },
        ],
        { discount: { kind: "percent", basisPoints: 735 }, clientName: "Müller & Söhne «Ελλάδα» <GmbH>" },
      ),
    );
  });

  it("reverse charge and intra-community supply with an invoice discount and a partial payment", async () => {
    await expectValid(
      invoiceOf(
        [
          { quantityMilli: 10_000, unitPriceMinor: 15_000, category: "AE" },
          { quantityMilli: 1_000, unitPriceMinor: 99_99, category: "K" },
        ],
        { discount: { kind: "amount", minor: 1_234 }, paidFraction: 0.37 },
      ),
    );
  });

  it("a partly paid invoice in JPY (no minor digits) and one in KWD (3 digits, whole hundredths)", async () => {
    await expectValid(
      invoiceOf([{ quantityMilli: 3_000, unitPriceMinor: 12_000, category: "S", milli: 10_000 }], { currency: "JPY", paidFraction: 0.5 }),
    );
    await expectValid(
      invoiceOf(
        [
          { quantityMilli: 2_000, unitPriceMinor: 12_300, category: "S", milli: 5_000 },
          { quantityMilli: 1_000, unitPriceMinor: 5_000, category: "E" },
        ],
        { currency: "KWD", paidFraction: 0 },
      ),
    );
  });

  it("the rules do catch a wrong document (so the passes above mean something)", async () => {
    const model = buildEinvoiceModel("ubl", invoiceOf([{ quantityMilli: 1_000, unitPriceMinor: 10_000, category: "S" }]), SELLER, BUYER);
    const ubl = renderUbl(model).replace(/<cbc:PayableAmount currencyID="EUR">120.00</, '<cbc:PayableAmount currencyID="EUR">119.00<');
    expect((await fatalFailures("ubl", ubl)).map((f) => f.id)).toContain("BR-CO-16");
    const cii = renderCii({ ...model, groups: model.groups.map((g) => ({ ...g, tax: "25.00" })) });
    expect((await fatalFailures("cii", cii)).map((f) => f.id)).toEqual(expect.arrayContaining(["BR-CO-14", "BR-CO-17"]));
  });

  it("refuses what it cannot print validly, naming the fields", () => {
    const ready = invoiceOf([{ quantityMilli: 1_000, unitPriceMinor: 1_234, category: "S" }]);
    const notReady = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        if (err instanceof EinvoiceNotReady) return Object.keys(err.fieldErrors).sort();
        throw err;
      }
      return [];
    };
    expect(notReady(() => buildEinvoiceModel("ubl", { ...ready, status: "draft", number: null }, SELLER, BUYER))).toEqual(["number"]);
    expect(
      notReady(() =>
        buildEinvoiceModel("ubl", ready, { ...SELLER, vatId: null, countryCode: null, endpointId: null }, { ...BUYER, city: null }),
      ),
    ).toEqual(["buyer.city", "seller.countryCode", "seller.endpointId", "seller.vatId"]);
    expect(
      notReady(() => buildEinvoiceModel("cii", { ...ready, lines: ready.lines.map((l) => ({ ...l, vatCategory: null })) }, SELLER, BUYER)),
    ).toEqual(["lines.0.taxRateId"]);
    const kwd = invoiceOf([{ quantityMilli: 1_000, unitPriceMinor: 1_234, category: "S" }], { currency: "KWD" });
    expect(notReady(() => buildEinvoiceModel("cii", kwd, SELLER, BUYER))).toEqual(["currency"]);
    const mixed = invoiceOf([
      { quantityMilli: 1_000, unitPriceMinor: 1_000, category: "O" },
      { quantityMilli: 1_000, unitPriceMinor: 1_000, category: "S" },
    ]);
    expect(notReady(() => buildEinvoiceModel("cii", mixed, SELLER, BUYER))).toEqual(["lines"]);
  });
});
