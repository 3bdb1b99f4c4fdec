import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyExponent, formatDecimal, formatMoney, parseDecimal, parseMoney, roundHalfUpDiv, toDecimalString } from "@/lib/money";
import { AppError } from "@/platform/errors";

function rejection(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("validation_failed");
    expect(appError.status).toBe(422);
    return appError;
  }
  throw new Error("expected a validation error");
}

describe("currencyExponent", () => {
  it.each([
    ["JPY", 0],
    ["KRW", 0],
    ["EUR", 2],
    ["USD", 2],
    ["GBP", 2],
    ["BHD", 3],
    ["KWD", 3],
    ["TND", 3],
  ])("%s has %i decimals", (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
    expect(currencyExponent(currency)).toBe(exponent); // memoised path
  });

  it.each(["", "eur", "EURO", "E1R", "12"])("rejects %j", (currency) => {
    rejection(() => currencyExponent(currency));
  });
});

describe("parseMoney", () => {
  it.each([
    ["1234.5", "EUR", 123450],
    ["1,234.50", "EUR", 123450],
    [" 12 ", "EUR", 1200],
    ["0", "EUR", 0],
    ["0.01", "USD", 1],
    [".5", "USD", 50],
    ["007.10", "USD", 710],
    ["1,234,567.89", "USD", 123456789],
    ["1234", "JPY", 1234],
    ["1,234", "JPY", 1234],
    ["1.234", "BHD", 1234],
    ["12.5", "BHD", 12500],
    ["0.001", "KWD", 1],
    // 0.1 + 0.2 style traps: exact, no float on the way.
    ["0.29", "EUR", 29],
    ["1.15", "EUR", 115],
    ["4.35", "EUR", 435],
    ["1005.83", "EUR", 100583],
  ])("%j %s → %i", (input, currency, minor) => {
    expect(parseMoney(input, currency)).toBe(minor);
  });

  it("accepts the largest safe amount and refuses one more", () => {
    expect(parseMoney("90071992547409.91", "USD")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseMoney("9007199254740991", "JPY")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseMoney("9007199254740.991", "BHD")).toBe(Number.MAX_SAFE_INTEGER);
    expect(rejection(() => parseMoney("90071992547409.92", "USD")).message).toMatch(/too large/);
    expect(rejection(() => parseMoney("9007199254740992", "JPY")).message).toMatch(/too large/);
    expect(rejection(() => parseMoney("9".repeat(100), "USD")).message).toMatch(/too large/);
  });

  it("names the decimal places the currency allows", () => {
    expect(rejection(() => parseMoney("1.234", "EUR")).message).toBe("EUR amounts have at most 2 decimal places");
    expect(rejection(() => parseMoney("12.5", "JPY")).message).toBe("JPY amounts have no decimal places");
    expect(rejection(() => parseMoney("1.2345", "BHD")).message).toBe("BHD amounts have at most 3 decimal places");
  });

  it("says negatives are refused", () => {
    expect(rejection(() => parseMoney("-5", "EUR")).message).toMatch(/negative/);
    expect(rejection(() => parseMoney(" -1,234.50", "EUR")).message).toMatch(/negative/);
  });

  it.each(["", "   ", "abc", "1e3", "1.2.3", "1,23", "12,34.5", "+5", "NaN", "Infinity", "0x10", "1 234", "12.", "$12", "١٢"])(
    "rejects %j",
    (input) => {
      expect(rejection(() => parseMoney(input, "EUR")).message).toMatch(/must be a number/);
    },
  );

  it("rejects an unknown currency", () => {
    rejection(() => parseMoney("1", "ZZZZ"));
  });

  it("round-trips every safe amount through toDecimalString (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom("JPY", "EUR", "BHD"), (minor, currency) => {
        expect(parseMoney(toDecimalString(minor, currencyExponent(currency)), currency)).toBe(minor);
      }),
    );
  });
});

describe("parseDecimal", () => {
  it.each([
    ["1", 3, 1000],
    ["1.5", 3, 1500],
    ["0.125", 3, 125],
    ["7.125", 3, 7125],
    ["20", 3, 20000],
    ["1,000.001", 3, 1000001],
    ["3", 0, 3],
  ])("%j at %i places → %i", (input, places, scaled) => {
    expect(parseDecimal(input, places)).toBe(scaled);
  });

  it("rejects excess decimals, negatives, junk and overflow", () => {
    expect(rejection(() => parseDecimal("1.0005", 3)).message).toMatch(/more than 3 decimal places/);
    expect(rejection(() => parseDecimal("1.5", 0)).message).toMatch(/whole/);
    expect(rejection(() => parseDecimal("-1", 3)).message).toMatch(/negative/);
    expect(rejection(() => parseDecimal("x", 3)).message).toMatch(/must be a number/);
    expect(parseDecimal("9007199254740.991", 3)).toBe(Number.MAX_SAFE_INTEGER);
    expect(rejection(() => parseDecimal("9007199254740.992", 3)).message).toMatch(/too large/);
  });
});

describe("formatMoney", () => {
  it.each([
    [123450, "EUR", "en-US", "€1,234.50"],
    [123450, "USD", "en-US", "$1,234.50"],
    [5, "USD", "en-US", "$0.05"],
    [0, "USD", "en-US", "$0.00"],
    [-5, "USD", "en-US", "-$0.05"],
    [-123450, "USD", "en-US", "-$1,234.50"],
    [1234, "JPY", "en-US", "¥1,234"],
    [1234, "BHD", "en-US", "BHD 1.234"],
    [123456789, "EUR", "de-DE", "1.234.567,89 €"],
    [Number.MAX_SAFE_INTEGER, "USD", "en-US", "$90,071,992,547,409.91"],
    [Number.MAX_SAFE_INTEGER, "JPY", "en-US", "¥9,007,199,254,740,991"],
    [Number.MAX_SAFE_INTEGER, "BHD", "en-US", "BHD 9,007,199,254,740.991"],
    [-Number.MAX_SAFE_INTEGER, "USD", "en-US", "-$90,071,992,547,409.91"],
    [9007199254740989, "USD", "en-US", "$90,071,992,547,409.89"],
  ])("%i %s %s → %s", (minor, currency, locale, text) => {
    // Intl puts a no-break space between number and symbol in some locales; compare with plain spaces.
    expect(formatMoney(minor, currency, locale).replace(/[\u00a0\u202f]/g, " ")).toBe(text);
  });

  it("keeps every digit of large amounts (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        const digits = formatMoney(minor, "USD").replace(/[^0-9]/g, "");
        expect(BigInt(digits)).toBe(BigInt(minor));
      }),
    );
  });

  it("refuses a non-integer", () => {
    expect(() => formatMoney(1.5, "USD")).toThrow(RangeError);
    expect(() => formatMoney(2 ** 53, "USD")).toThrow(RangeError);
  });
});

describe("toDecimalString and formatDecimal", () => {
  it.each([
    [0, 2, "0.00"],
    [5, 2, "0.05"],
    [-5, 2, "-0.05"],
    [123450, 2, "1234.50"],
    [1234, 0, "1234"],
    [1, 3, "0.001"],
  ])("toDecimalString(%i, %i) = %s", (scaled, places, text) => {
    expect(toDecimalString(scaled, places)).toBe(text);
  });

  it.each([
    [1500, 3, "1.5"],
    [2000, 3, "2"],
    [125, 3, "0.125"],
    [0, 3, "0"],
    [7125, 3, "7.125"],
    [10, 0, "10"],
  ])("formatDecimal(%i, %i) = %s", (scaled, places, text) => {
    expect(formatDecimal(scaled, places)).toBe(text);
  });
});

describe("roundHalfUpDiv", () => {
  it.each([
    [0n, 3n, 0n],
    [5n, 10n, 1n],
    [4n, 10n, 0n],
    [15n, 10n, 2n],
    [14n, 10n, 1n],
    [1n, 2n, 1n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [10n, 5n, 2n],
  ])("%s / %s → %s", (n, d, q) => {
    expect(roundHalfUpDiv(n, d)).toBe(q);
  });

  it("handles values far beyond 2^53", () => {
    expect(roundHalfUpDiv(BigInt(Number.MAX_SAFE_INTEGER) * 100_000n + 50_000n, 100_000n)).toBe(BigInt(Number.MAX_SAFE_INTEGER) + 1n);
  });

  it("matches floor((2n + d) / 2d) (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 80n }), fc.bigInt({ min: 1n, max: 1n << 40n }), (n, d) => {
        expect(roundHalfUpDiv(n, d)).toBe((2n * n + d) / (2n * d));
      }),
    );
  });

  it("refuses negative inputs and a zero denominator", () => {
    expect(() => roundHalfUpDiv(-1n, 2n)).toThrow(RangeError);
    expect(() => roundHalfUpDiv(1n, 0n)).toThrow(RangeError);
  });
});
