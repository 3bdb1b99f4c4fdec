import { describe, expect, it } from "vitest";
import { VAT_CATEGORIES } from "@/lib/einvoice-codes";
import { buildEinvoiceModel, EinvoiceNotReady } from "@/modules/einvoice/einvoice-model";
import { renderUbl } from "@/modules/einvoice/ubl";
import { renderCii } from "@/modules/einvoice/cii";
import { fatalFailures } from "../support/en16931";
import { BUYER, expectValid, invoiceOf, SELLER } from "../support/einvoice-fixtures";

/*
 * Generated e-invoices judged by the official EN 16931 rules (CEN/TC 434's validation XSLTs): zero failed
 * fatal rules for every VAT category, several rates, line and invoice discounts, 3-decimal quantities,
 * partial payments, 0- and 3-digit currencies and Unicode names; plus ≥200 random invoices from a seeded PRNG.
 * The totals come from the real totals function (computeInvoiceTotals), as the service stores them.
 */

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
