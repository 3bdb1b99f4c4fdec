import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { VatCategory } from "@/lib/einvoice-codes";
import type { Discount } from "@/modules/invoices/invoice-totals";
import { buildEinvoiceModel } from "@/modules/einvoice/einvoice-model";
import { renderUbl } from "@/modules/einvoice/ubl";
import { renderCii } from "@/modules/einvoice/cii";
import { fatalFailures } from "../support/en16931";
import { BUYER, invoiceOf, SELLER, type LineSpec } from "../support/einvoice-fixtures";

/*
 * ≥200 random invoices (fast-check with a fixed seed, printed with the counterexample on failure; set
 * EINVOICE_SEED to explore others) through the real totals function and the generators: every one passes the
 * official EN 16931 rules in both syntaxes, and each VAT group's amount lies within one currency unit of
 * taxable × rate (BR-CO-17).
 */
const SEED = Number(process.env.EINVOICE_SEED ?? 20261202);
const RUNS = Number(process.env.EINVOICE_RUNS ?? 200);

const S_RATES = [5_500, 7_000, 7_125, 10_000, 19_000, 20_000, 21_000, 25_500];
const discount = (max: number): fc.Arbitrary<Discount | null> =>
  fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 10_000 }).map((basisPoints): Discount => ({ kind: "percent", basisPoints })),
    fc.integer({ min: 0, max }).map((minor): Discount => ({ kind: "amount", minor })),
  );

const line = (categories: VatCategory[]): fc.Arbitrary<LineSpec> =>
  fc.record({
    description: fc.oneof(fc.constant("Consulting"), fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" })),
    quantityMilli: fc.integer({ min: 1, max: 999_999 }),
    unitPriceMinor: fc.integer({ min: 0, max: 9_999_999 }),
    category: fc.constantFrom(...categories),
    milli: fc.constantFrom(...S_RATES),
    unitCode: fc.constantFrom("C62", "HUR", "DAY", "MON", "KGM"),
    discount: discount(5_000),
  });

const invoiceArb = fc
  .record({
    scenario: fc.constantFrom<"vat" | "outside">("vat", "vat", "vat", "vat", "outside"),
    currency: fc.constantFrom("EUR", "EUR", "USD", "GBP", "CHF", "SEK", "PLN"),
    paidFraction: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
    invoiceDiscount: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10_000 })),
    invoiceDiscountKind: fc.constantFrom("percent", "amount"),
    clientName: fc.constantFrom("Client GmbH", "Ærøskøbing ApS", "Łódź Sp. z o.o.", "東京株式会社", "Zoë & Chloé <Studio>"),
  })
  .chain((v) =>
    fc
      .array(line(v.scenario === "outside" ? ["O"] : ["S", "S", "S", "Z", "E", "AE", "K", "G"]), { minLength: 1, maxLength: 8 })
      .map((lines) => ({ ...v, lines })),
  );

describe("random invoices as e-invoices", { timeout: 900_000 }, () => {
  it(`${RUNS} random invoices pass the official rules in UBL and CII, within BR-CO-17 (seed ${SEED})`, async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(invoiceArb, async (v) => {
        // A fixed discount is at most the subtotal (the service refuses more); a percentage is in basis points.
        const probe = invoiceOf(v.lines, { currency: v.currency });
        const invoiceDiscount: Discount | null =
          v.invoiceDiscount === null
            ? null
            : v.invoiceDiscountKind === "percent"
              ? { kind: "percent", basisPoints: v.invoiceDiscount }
              : { kind: "amount", minor: Math.floor((probe.subtotalMinor * v.invoiceDiscount) / 10_000) };
        const invoice = invoiceOf(v.lines, {
          currency: v.currency,
          discount: invoiceDiscount,
          paidFraction: v.paidFraction,
          clientName: v.clientName,
        });
        for (const format of ["ubl", "cii"] as const) {
          const model = buildEinvoiceModel(format, invoice, SELLER, BUYER);
          for (const g of model.groups) {
            const expected = (Number(g.taxable) * Number(g.percent ?? 0)) / 100;
            expect(Math.abs(Number(g.tax) - expected), `BR-CO-17 for ${g.category} ${g.percent}`).toBeLessThan(1);
          }
          const xml = format === "ubl" ? renderUbl(model) : renderCii(model);
          const fails = await fatalFailures(format, xml);
          expect(
            fails.map((f) => `${f.id} at ${f.location}: ${f.text}`),
            `${format}\n${xml}`,
          ).toEqual([]);
        }
        checked += 1;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(checked).toBeGreaterThanOrEqual(RUNS);
  });
});
