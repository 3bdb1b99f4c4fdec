import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeInvoiceTotals,
  type Discount,
  type InvoiceTotals,
  type LineTotals,
  type TotalsInput,
  type TotalsLine,
} from "@/modules/invoices/invoice-totals";
import { AppError } from "@/platform/errors";

// ---------------------------------------------------------------------------------------------
// An independent reference: same rule, written another way (rational shares ranked by sorting a
// key list, rounding as floor((2·a + b) / 2b), tax grouped with a plain object).
// ---------------------------------------------------------------------------------------------

const halfUp = (numerator: bigint, denominator: bigint) => (2n * numerator + denominator) / (2n * denominator);

function referenceTotals(input: TotalsInput) {
  const nets = input.lines.map((l) => {
    const gross = halfUp(BigInt(l.quantityMilli) * BigInt(l.unitPriceMinor), 1000n);
    let off = 0n;
    if (l.discount?.kind === "percent") off = halfUp(gross * BigInt(l.discount.basisPoints), 10000n);
    if (l.discount?.kind === "amount") off = BigInt(l.discount.minor) > gross ? gross : BigInt(l.discount.minor);
    return { gross, off, net: gross - off };
  });
  const subtotal = nets.reduce((a, n) => a + n.net, 0n);
  let discount = 0n;
  if (input.discount?.kind === "percent") discount = halfUp(subtotal * BigInt(input.discount.basisPoints), 10000n);
  if (input.discount?.kind === "amount") discount = BigInt(Math.min(input.discount.minor, Number(subtotal)));

  const shares = nets.map(() => 0n);
  if (subtotal > 0n) {
    const quotas = nets.map((n) => ({ floor: (discount * n.net) / subtotal, rem: (discount * n.net) % subtotal }));
    quotas.forEach((q, i) => (shares[i] = q.floor));
    const leftover = Number(discount - quotas.reduce((a, q) => a + q.floor, 0n));
    // Rank by (remainder desc, net desc, quantity, price, tax id, tax rate, discount kind, discount value).
    const key = (i: number): (bigint | number | string)[] => {
      const l = input.lines[i]!;
      return [
        -quotas[i]!.rem,
        -nets[i]!.net,
        l.quantityMilli,
        l.unitPriceMinor,
        l.taxRateId === null ? "" : `~${l.taxRateId}`,
        l.taxRateMilliPercent,
        l.discount === null ? "" : `~${l.discount.kind}`,
        l.discount === null ? -1 : l.discount.kind === "percent" ? l.discount.basisPoints : l.discount.minor,
        i,
      ];
    };
    const before = (a: number, b: number) => {
      const ka = key(a);
      const kb = key(b);
      for (let k = 0; k < ka.length; k++) {
        if (ka[k]! < kb[k]!) return true;
        if (ka[k]! > kb[k]!) return false;
      }
      return false;
    };
    input.lines.forEach((_, i) => {
      const rank = input.lines.filter((__, j) => j !== i && before(j, i)).length;
      if (rank < leftover) shares[i]! += 1n;
    });
  }

  const groups: Record<string, { rate: number; taxable: bigint; tax: bigint }> = {};
  const lines = nets.map((n, i) => {
    const l = input.lines[i]!;
    const taxable = n.net - shares[i]!;
    const tax = halfUp(taxable * BigInt(l.taxRateMilliPercent), 100000n);
    if (l.taxRateId !== null) {
      const g = (groups[l.taxRateId] ??= { rate: l.taxRateMilliPercent, taxable: 0n, tax: 0n });
      g.taxable += taxable;
      g.tax += tax;
    }
    return {
      grossMinor: Number(n.gross),
      lineDiscountMinor: Number(n.off),
      netMinor: Number(n.net),
      invoiceDiscountShareMinor: Number(shares[i]),
      taxableMinor: Number(taxable),
      taxMinor: Number(tax),
      totalMinor: Number(taxable + tax),
    };
  });
  const tax = lines.reduce((a, l) => a + BigInt(l.taxMinor), 0n);
  const total = subtotal - discount + tax;
  return {
    lines,
    subtotalMinor: Number(subtotal),
    discountMinor: Number(discount),
    taxes: Object.keys(groups)
      .sort()
      .map((id) => ({
        taxRateId: id,
        rateMilliPercent: groups[id]!.rate,
        taxableMinor: Number(groups[id]!.taxable),
        taxMinor: Number(groups[id]!.tax),
      })),
    taxMinor: Number(tax),
    totalMinor: Number(total),
    amountPaidMinor: input.amountPaidMinor,
    balanceDueMinor: Number(total - BigInt(input.amountPaidMinor)),
  };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: small value pools on purpose, so equal nets, equal remainders and identical lines
// (the tie-break cases) come up often.
// ---------------------------------------------------------------------------------------------

const TAX_RATES: [string | null, number][] = [
  [null, 0],
  ["a-standard", 20000],
  ["b-reduced", 7125],
  ["c-zero", 0],
  ["d-high", 27000],
  ["e-tiny", 1],
];

const discountArb: fc.Arbitrary<Discount | null> = fc.oneof(
  fc.constant(null),
  fc.record({
    kind: fc.constant("percent" as const),
    basisPoints: fc.oneof(fc.integer({ min: 0, max: 10000 }), fc.constantFrom(0, 1250, 5000, 10000)),
  }),
  fc.record({ kind: fc.constant("amount" as const), minor: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, 1, 99)) }),
);

const lineArb: fc.Arbitrary<TotalsLine> = fc
  .record({
    quantityMilli: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, 1, 500, 1000, 1500, 2500, 333)),
    unitPriceMinor: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(0, 1, 3, 100, 1999)),
    rate: fc.constantFrom(...TAX_RATES),
    discount: discountArb,
  })
  .map(({ rate, ...rest }) => ({ ...rest, taxRateId: rate[0], taxRateMilliPercent: rate[1] }));

const linesArb = fc.array(lineArb, { minLength: 0, maxLength: 25 }).chain((lines) =>
  // Append copies of some lines so identical lines are common.
  fc
    .array(fc.nat({ max: Math.max(lines.length - 1, 0) }), { maxLength: lines.length > 0 ? 5 : 0 })
    .map((picks) => [...lines, ...picks.map((i) => ({ ...lines[i]! }))]),
);

const inputArb: fc.Arbitrary<TotalsInput> = fc.record({
  lines: linesArb,
  discount: discountArb,
  amountPaidMinor: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constant(0)),
});

const inputWithPermutationArb = inputArb.chain((input) => {
  const indices = input.lines.map((_, i) => i);
  return fc
    .shuffledSubarray(indices, { minLength: indices.length, maxLength: indices.length })
    .map((permutation) => ({ input, permutation }));
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Lines paired with their results, in a canonical order: equal as multisets ⇔ equal here. */
function canonical(input: TotalsInput, totals: InvoiceTotals): string[] {
  return input.lines.map((line, i) => JSON.stringify([line, totals.lines[i]])).sort();
}

describe("computeInvoiceTotals — properties", () => {
  it("adds up: every total is the sum of its parts", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const t = computeInvoiceTotals(input);
        expect(t.lines).toHaveLength(input.lines.length);
        expect(t.subtotalMinor).toBe(sum(t.lines.map((l) => l.netMinor)));
        expect(t.discountMinor).toBe(sum(t.lines.map((l) => l.invoiceDiscountShareMinor)));
        expect(t.taxMinor).toBe(sum(t.lines.map((l) => l.taxMinor)));
        expect(t.taxMinor).toBe(sum(t.taxes.map((g) => g.taxMinor)));
        expect(t.totalMinor).toBe(t.subtotalMinor - t.discountMinor + t.taxMinor);
        expect(t.totalMinor).toBe(sum(t.lines.map((l) => l.totalMinor)));
        expect(t.balanceDueMinor).toBe(t.totalMinor - t.amountPaidMinor);
        expect(t.amountPaidMinor).toBe(input.amountPaidMinor);
        for (const l of t.lines) {
          expect(l.netMinor).toBe(l.grossMinor - l.lineDiscountMinor);
          expect(l.taxableMinor).toBe(l.netMinor - l.invoiceDiscountShareMinor);
          expect(l.totalMinor).toBe(l.taxableMinor + l.taxMinor);
        }
        // Per-rate groups: one per distinct rate id, sorted, each the sum of its lines.
        const ids = [...new Set(input.lines.map((l) => l.taxRateId).filter((id): id is string => id !== null))].sort();
        expect(t.taxes.map((g) => g.taxRateId)).toEqual(ids);
        for (const g of t.taxes) {
          const members = input.lines.map((l, i) => [l, t.lines[i]!] as const).filter(([l]) => l.taxRateId === g.taxRateId);
          expect(g.taxableMinor).toBe(sum(members.map(([, r]) => r.taxableMinor)));
          expect(g.taxMinor).toBe(sum(members.map(([, r]) => r.taxMinor)));
          expect(g.rateMilliPercent).toBe(members[0]![0].taxRateMilliPercent);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("is never negative, and no line's discount share exceeds its net", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const t = computeInvoiceTotals(input);
        const nonNegative: number[] = [t.subtotalMinor, t.discountMinor, t.taxMinor, t.totalMinor];
        for (const l of t.lines) nonNegative.push(...Object.values(l));
        for (const g of t.taxes) nonNegative.push(g.taxableMinor, g.taxMinor);
        for (const value of nonNegative) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
        for (const l of t.lines) {
          expect(l.lineDiscountMinor).toBeLessThanOrEqual(l.grossMinor);
          expect(l.invoiceDiscountShareMinor).toBeLessThanOrEqual(l.netMinor);
        }
        expect(t.discountMinor).toBeLessThanOrEqual(t.subtotalMinor);
        if (t.amountPaidMinor <= t.totalMinor) expect(t.balanceDueMinor).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  it("allocates the invoice discount by largest remainder: each share within one cent of its exact quota", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const t = computeInvoiceTotals(input);
        if (t.subtotalMinor === 0) return;
        for (const l of t.lines) {
          const exact = BigInt(t.discountMinor) * BigInt(l.netMinor);
          const floor = exact / BigInt(t.subtotalMinor);
          const share = BigInt(l.invoiceDiscountShareMinor);
          expect(share === floor || (share === floor + 1n && exact % BigInt(t.subtotalMinor) !== 0n)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("does not depend on the order of the lines", () => {
    fc.assert(
      fc.property(inputWithPermutationArb, ({ input, permutation }) => {
        const permuted: TotalsInput = { ...input, lines: permutation.map((i) => input.lines[i]!) };
        const a = computeInvoiceTotals(input);
        const b = computeInvoiceTotals(permuted);
        const { lines: _aLines, ...aRest } = a;
        const { lines: _bLines, ...bRest } = b;
        expect(bRest).toEqual(aRest);
        // Sorted back: lines paired with their results are the same multiset…
        expect(canonical(permuted, b)).toEqual(canonical(input, a));
        // …and a line with no identical twin gets exactly the same result wherever it stands.
        const backToOriginal: LineTotals[] = [];
        permutation.forEach((original, position) => (backToOriginal[original] = b.lines[position]!));
        input.lines.forEach((line, i) => {
          const twins = input.lines.filter((other) => JSON.stringify(other) === JSON.stringify(line)).length;
          if (twins === 1) expect(backToOriginal[i]).toEqual(a.lines[i]);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("matches an independent BigInt reference to the cent", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const actual = computeInvoiceTotals(input);
        const expected = referenceTotals(input);
        const { lines: _actualLines, ...actualRest } = actual;
        const { lines: _expectedLines, ...expectedRest } = expected;
        expect(actualRest).toEqual(expectedRest);
        expect(canonical(input, actual)).toEqual(canonical(input, expected as InvoiceTotals));
      }),
      { numRuns: 1000 },
    );
  });

  it("stays exact with products far beyond 2^53", () => {
    // 1,000,000 units × 9,000,000,000 minor would overflow a double's exact range in the product.
    const input: TotalsInput = {
      lines: [{ quantityMilli: 1_000_000_000, unitPriceMinor: 9_000_000, taxRateId: "v", taxRateMilliPercent: 7125, discount: null }],
      discount: { kind: "percent", basisPoints: 3333 },
      amountPaidMinor: 0,
    };
    const t = computeInvoiceTotals(input);
    expect(t.subtotalMinor).toBe(9_000_000_000_000);
    expect(t.discountMinor).toBe(2_999_700_000_000); // 9e12 × 0.3333
    expect(t.taxMinor).toBe(427_521_375_000); // 6.0003e12 × 0.07125
    expect(t).toEqual(referenceTotals(input));
  });
});

describe("computeInvoiceTotals — hand-checked examples", () => {
  const line = (over: Partial<TotalsLine>): TotalsLine => ({
    quantityMilli: 1000,
    unitPriceMinor: 0,
    taxRateId: null,
    taxRateMilliPercent: 0,
    discount: null,
    ...over,
  });
  const totalsOf = (lines: TotalsLine[], discount: Discount | null = null, amountPaidMinor = 0) =>
    computeInvoiceTotals({ lines, discount, amountPaidMinor });

  it.each([
    [500, 1, 1], // 0.5 × 1¢ = 0.5¢ → 1¢ (half-up)
    [1500, 1, 2], // 1.5¢ → 2¢
    [2500, 1, 3], // 2.5¢ → 3¢ (not banker's 2¢)
    [499, 1, 0], // 0.499¢ → 0¢
    [333, 3, 1], // 0.333 × 3¢ = 0.999¢ → 1¢
    [1125, 1999, 2249], // 1.125 × 19.99 = 22.48875 → 22.49
    [2250, 333, 749], // 2.25 × 3.33 = 7.4925 → 7.49
    [12_345, 100, 1235], // 12.345 × 1.00 = 12.345 → 12.35
  ])("gross of qty %i/1000 × %i¢ is %i¢", (quantityMilli, unitPriceMinor, gross) => {
    expect(totalsOf([line({ quantityMilli, unitPriceMinor })]).lines[0]!.grossMinor).toBe(gross);
  });

  it.each([
    [5, 10000, 1], // 10 % of 5¢ = 0.5¢ → 1¢
    [15, 10000, 2], // 1.5¢ → 2¢
    [25, 10000, 3], // 2.5¢ → 3¢
    [400, 7125, 29], // 7.125 % of 4.00 = 28.5¢ → 29¢
    [1000, 7125, 71], // 71.25¢ → 71¢
    [40, 7125, 3], // 2.85¢ → 3¢
    [8000, 7125, 570], // exact
    [99, 20000, 20], // 19.8¢ → 20¢
    [1, 1, 0], // 0.00001¢ → 0
  ])("tax on %i¢ at %i thousandths of a percent is %i¢", (taxable, rate, tax) => {
    const t = totalsOf([line({ unitPriceMinor: taxable, taxRateId: "r", taxRateMilliPercent: rate })]);
    expect(t.lines[0]!.taxMinor).toBe(tax);
    expect(t.taxes).toEqual([{ taxRateId: "r", rateMilliPercent: rate, taxableMinor: taxable, taxMinor: tax }]);
  });

  it("rounds line and invoice percentage discounts half-up, and caps fixed ones", () => {
    expect(totalsOf([line({ unitPriceMinor: 4, discount: { kind: "percent", basisPoints: 1250 } })]).lines[0]!.lineDiscountMinor).toBe(1); // 0.5¢
    expect(totalsOf([line({ unitPriceMinor: 500, discount: { kind: "amount", minor: 900 } })]).lines[0]).toMatchObject({
      lineDiscountMinor: 500,
      netMinor: 0,
    });
    expect(totalsOf([line({ unitPriceMinor: 1005 })], { kind: "percent", basisPoints: 1000 }).discountMinor).toBe(101); // 100.5¢
    const capped = totalsOf([line({ unitPriceMinor: 700, taxRateId: "r", taxRateMilliPercent: 20000 })], { kind: "amount", minor: 10_000 });
    expect(capped).toMatchObject({ subtotalMinor: 700, discountMinor: 700, taxMinor: 0, totalMinor: 0, balanceDueMinor: 0 });
  });

  it("gives the left-over cent by content, not position", () => {
    // Three lines of 1.00 each, 1.00 off the invoice: 33⅓¢ each; the cent goes to the smallest quantity.
    const a = line({ quantityMilli: 1000, unitPriceMinor: 100 });
    const b = line({ quantityMilli: 2000, unitPriceMinor: 50 });
    const c = line({ quantityMilli: 4000, unitPriceMinor: 25 });
    const orders = [
      [a, b, c],
      [c, b, a],
      [b, c, a],
    ];
    for (const lines of orders) {
      const t = totalsOf(lines, { kind: "amount", minor: 100 });
      const shareOf = (l: TotalsLine) => t.lines[lines.indexOf(l)]!.invoiceDiscountShareMinor;
      expect([shareOf(a), shareOf(b), shareOf(c)]).toEqual([34, 33, 33]);
    }
  });

  it("works a full invoice with two tax rates, a 3-decimal quantity and 7.125 %", () => {
    const t = totalsOf(
      [
        line({ quantityMilli: 3000, unitPriceMinor: 1999, taxRateId: "vat20", taxRateMilliPercent: 20000 }),
        line({
          quantityMilli: 1500,
          unitPriceMinor: 1000,
          taxRateId: "red7125",
          taxRateMilliPercent: 7125,
          discount: { kind: "percent", basisPoints: 1000 },
        }),
        line({ quantityMilli: 2000, unitPriceMinor: 500 }),
      ],
      { kind: "percent", basisPoints: 500 },
      1000,
    );
    // nets 59.97 + 13.50 + 10.00 = 83.47; 5 % = 4.1735 → 4.17, split 2.99|0.67|0.49 + 2 left-over
    // cents to the largest remainders (line 3: .958, line 1: .599) → 3.00 | 0.67 | 0.50.
    expect(t.lines).toEqual([
      {
        grossMinor: 5997,
        lineDiscountMinor: 0,
        netMinor: 5997,
        invoiceDiscountShareMinor: 300,
        taxableMinor: 5697,
        taxMinor: 1139,
        totalMinor: 6836,
      },
      {
        grossMinor: 1500,
        lineDiscountMinor: 150,
        netMinor: 1350,
        invoiceDiscountShareMinor: 67,
        taxableMinor: 1283,
        taxMinor: 91,
        totalMinor: 1374,
      },
      {
        grossMinor: 1000,
        lineDiscountMinor: 0,
        netMinor: 1000,
        invoiceDiscountShareMinor: 50,
        taxableMinor: 950,
        taxMinor: 0,
        totalMinor: 950,
      },
    ]);
    expect(t.taxes).toEqual([
      { taxRateId: "red7125", rateMilliPercent: 7125, taxableMinor: 1283, taxMinor: 91 },
      { taxRateId: "vat20", rateMilliPercent: 20000, taxableMinor: 5697, taxMinor: 1139 },
    ]);
    expect(t).toMatchObject({
      subtotalMinor: 8347,
      discountMinor: 417,
      taxMinor: 1230,
      totalMinor: 9160,
      amountPaidMinor: 1000,
      balanceDueMinor: 8160,
    });
  });

  it("handles an empty invoice and an overpaid one", () => {
    expect(totalsOf([])).toEqual({
      lines: [],
      subtotalMinor: 0,
      discountMinor: 0,
      taxes: [],
      taxMinor: 0,
      totalMinor: 0,
      amountPaidMinor: 0,
      balanceDueMinor: 0,
    });
    expect(totalsOf([line({ unitPriceMinor: 100 })], null, 150).balanceDueMinor).toBe(-50);
  });
});

describe("computeInvoiceTotals — validation", () => {
  const ok: TotalsLine = { quantityMilli: 1000, unitPriceMinor: 100, taxRateId: null, taxRateMilliPercent: 0, discount: null };

  it.each<[string, TotalsInput, string]>([
    ["a negative quantity", { lines: [{ ...ok, quantityMilli: -1 }], discount: null, amountPaidMinor: 0 }, "lines.0.quantityMilli"],
    ["a fractional price", { lines: [{ ...ok, unitPriceMinor: 1.5 }], discount: null, amountPaidMinor: 0 }, "lines.0.unitPriceMinor"],
    ["a NaN price", { lines: [{ ...ok, unitPriceMinor: Number.NaN }], discount: null, amountPaidMinor: 0 }, "lines.0.unitPriceMinor"],
    ["an unsafe quantity", { lines: [{ ...ok, quantityMilli: 2 ** 53 }], discount: null, amountPaidMinor: 0 }, "lines.0.quantityMilli"],
    [
      "a negative tax rate",
      { lines: [{ ...ok, taxRateId: "r", taxRateMilliPercent: -1 }], discount: null, amountPaidMinor: 0 },
      "lines.0.taxRateMilliPercent",
    ],
    [
      "a rate without an id",
      { lines: [{ ...ok, taxRateMilliPercent: 20000 }], discount: null, amountPaidMinor: 0 },
      "lines.0.taxRateMilliPercent",
    ],
    [
      "one id with two rates",
      {
        lines: [
          { ...ok, taxRateId: "r", taxRateMilliPercent: 20000 },
          { ...ok, taxRateId: "r", taxRateMilliPercent: 10000 },
        ],
        discount: null,
        amountPaidMinor: 0,
      },
      "lines.1.taxRateMilliPercent",
    ],
    [
      "a line discount over 100 %",
      { lines: [{ ...ok, discount: { kind: "percent", basisPoints: 10001 } }], discount: null, amountPaidMinor: 0 },
      "lines.0.discount.basisPoints",
    ],
    [
      "a negative line discount",
      { lines: [{ ...ok, discount: { kind: "amount", minor: -1 } }], discount: null, amountPaidMinor: 0 },
      "lines.0.discount.minor",
    ],
    [
      "an invoice discount over 100 %",
      { lines: [ok], discount: { kind: "percent", basisPoints: 20000 }, amountPaidMinor: 0 },
      "discount.basisPoints",
    ],
    [
      "a fractional percentage",
      { lines: [ok], discount: { kind: "percent", basisPoints: 0.5 }, amountPaidMinor: 0 },
      "discount.basisPoints",
    ],
    ["a negative payment", { lines: [ok], discount: null, amountPaidMinor: -1 }, "amountPaidMinor"],
    ["501 lines", { lines: Array.from({ length: 501 }, () => ok), discount: null, amountPaidMinor: 0 }, "lines"],
  ])("rejects %s", (_name, input, field) => {
    let caught: unknown;
    try {
      computeInvoiceTotals(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe("validation_failed");
    expect(Object.keys((caught as AppError).fieldErrors ?? {})).toContain(field);
  });

  it("accepts exactly 500 lines", () => {
    expect(computeInvoiceTotals({ lines: Array.from({ length: 500 }, () => ok), discount: null, amountPaidMinor: 0 }).subtotalMinor).toBe(
      50_000,
    );
  });

  it("rejects totals beyond the safe-integer range", () => {
    const huge: TotalsLine = { ...ok, quantityMilli: 1_000_000_000, unitPriceMinor: Number.MAX_SAFE_INTEGER };
    expect(() => computeInvoiceTotals({ lines: [huge], discount: null, amountPaidMinor: 0 })).toThrow(AppError);
  });
});
