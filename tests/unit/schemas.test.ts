import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  apiText,
  dateProblem,
  dateTimeProblem,
  DATE_RANGE_MESSAGE,
  isoDate,
  isoDateTime,
  isStorableText,
  optionalText,
  requiredText,
  searchText,
} from "@/lib/schemas";

/** The shared input building blocks (src/lib/schemas.ts), property-tested. */

/** What PostgreSQL text can hold: no NUL, and UTF-8 that round-trips (a lone surrogate does not). */
const storableByDefinition = (s: string) => !s.includes("\u0000") && Buffer.from(s, "utf8").toString("utf8") === s;

// Strings of arbitrary UTF-16 code units, lone surrogates and NUL included.
const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units));

const isoOf = (ms: number) => new Date(ms).toISOString();

describe("storable text", () => {
  it("isStorableText agrees with a UTF-8 round trip without NUL, for any sequence of code units", () => {
    fc.assert(
      fc.property(fc.oneof(anyUnits, fc.string({ unit: "binary" })), (s) => {
        expect(isStorableText(s)).toBe(storableByDefinition(s));
      }),
      { numRuns: 2000 },
    );
  });

  it("every text block refuses NUL and lone surrogates, with the field's label in the message", () => {
    const blocks = [requiredText("Name", 100), optionalText("Notes", 100, { multiline: true }), searchText("Search", 100)];
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }),
        fc.constantFrom("\u0000", "\ud800", "\udc00"),
        fc.string({ maxLength: 10 }),
        (a, bad, b) => {
          for (const block of blocks) {
            const result = block.safeParse(`x${a}${bad}${b}`);
            expect(result.success).toBe(false);
            expect(result.error!.issues.map((i) => i.message).join()).toMatch(/^(Name|Notes|Search) /);
          }
          expect(apiText(100).safeParse(`${a}${bad}${b}`).success).toBe(false);
        },
      ),
    );
  });

  it("accepts any well-formed Unicode without control characters (emoji, accents, right-to-left)", () => {
    const printable = fc
      .string({ unit: "binary", minLength: 1, maxLength: 30 })
      .filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && s.trim().length > 0);
    fc.assert(
      fc.property(printable, (s) => {
        expect(requiredText("Name", 100).safeParse(s).success).toBe(true);
        expect(apiText(100).safeParse(s).success).toBe(true);
      }),
    );
  });

  it("multi-line text allows tabs and line breaks; one-line text does not", () => {
    expect(optionalText("Notes", 100, { multiline: true }).safeParse("a\n\tb\r\nc").success).toBe(true);
    expect(requiredText("Name", 100).safeParse("a\nb").success).toBe(false);
    expect(searchText("Search", 100).parse("  ")).toBeUndefined();
  });
});

describe("dates: real, and between 1900-01-01 and 2999-12-31", () => {
  const MIN = Date.parse("1900-01-01T00:00:00Z");
  const MAX = Date.parse("2999-12-31T00:00:00Z");

  it("accepts every day of the range", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN / 86_400_000, max: MAX / 86_400_000 }), (day) => {
        expect(dateProblem(isoOf(day * 86_400_000).slice(0, 10))).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses every real date outside it with the range message (years 0000 to 1899 and 3000 to 9999)", () => {
    const outside = fc.oneof(fc.integer({ min: 0, max: 1899 }), fc.integer({ min: 3000, max: 9999 }));
    fc.assert(
      fc.property(outside, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        const v = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        expect(dateProblem(v)).toBe(DATE_RANGE_MESSAGE);
        expect(isoDate.safeParse(v).success).toBe(false);
      }),
    );
  });

  it("refuses impossible days and malformed strings with one message, never throwing", () => {
    for (const v of ["2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-01"]) expect(dateProblem(v)).toBe("Not a real date");
    expect(dateProblem("2028-02-29")).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ maxLength: 14 }), (s) => {
        const parsed = isoDate.safeParse(s);
        if (!parsed.success) expect(parsed.error.issues).toHaveLength(1);
      }),
    );
  });

  it("instants: in range with any offset, refused outside (by their UTC instant)", () => {
    expect(dateTimeProblem("1900-01-01T00:00:00Z")).toBeUndefined();
    expect(dateTimeProblem("2999-12-31T23:59:59.999Z")).toBeUndefined();
    expect(dateTimeProblem("2999-12-31T23:00:00-05:00")).toBe(DATE_RANGE_MESSAGE);
    expect(dateTimeProblem("1899-12-31T23:59:59Z")).toBe(DATE_RANGE_MESSAGE);
    expect(dateTimeProblem("0000-01-01T00:00:00Z")).toBe(DATE_RANGE_MESSAGE);
    expect(dateTimeProblem("2026-01-01")).toMatch(/ISO 8601/);
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("1800-01-01T00:00:00Z"), max: Date.parse("3100-01-01T00:00:00Z") }), (ms) => {
        const inRange = ms >= MIN && ms < Date.parse("3000-01-01T00:00:00Z");
        expect(isoDateTime.safeParse(isoOf(ms)).success).toBe(inRange);
      }),
      { numRuns: 1000 },
    );
  });
});
