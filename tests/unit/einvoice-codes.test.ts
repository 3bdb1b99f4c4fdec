import { describe, expect, it } from "vitest";
import { isCountryCode, isEndpointScheme, isUnitCode } from "@/lib/einvoice-codes";
import { countryCodeSchema, endpointPairProblems, endpointSchemeSchema, unitCodeSchema, vatIdSchema } from "@/lib/einvoice-schemas";

describe("EN 16931 code lists and their input schemas", () => {
  it("knows ISO 3166 countries, EAS schemes and the offered units, and nothing else", () => {
    expect(["DE", "FR", "GB", "DK", "BE", "JP", "XI"].filter(isCountryCode)).toHaveLength(7);
    expect(["EU", "XX", "D", "de", "", "GBR"].filter(isCountryCode)).toEqual([]);
    expect(["0208", "0088", "0009", "9930", "EM"].filter(isEndpointScheme)).toHaveLength(5);
    expect(["9999", "0", "em", "0208 "].filter(isEndpointScheme)).toEqual([]);
    expect(["C62", "HUR", "DAY"].filter(isUnitCode)).toHaveLength(3);
    expect(["XYZ", "hur", "toString", "constructor"].filter(isUnitCode)).toEqual([]);
  });

  it("normalises what people type and refuses the rest with a message", () => {
    expect(countryCodeSchema.parse(" be ")).toBe("BE");
    expect(countryCodeSchema.parse("")).toBeNull();
    expect(countryCodeSchema.safeParse("Belgium").success).toBe(false);
    expect(vatIdSchema.parse("be 0123.456.789")).toBe("BE0123456789");
    expect(vatIdSchema.safeParse("0123456789").success).toBe(false);
    expect(endpointSchemeSchema.parse("em")).toBe("EM");
    expect(endpointSchemeSchema.safeParse("1234").success).toBe(false);
    expect(unitCodeSchema.parse(undefined)).toBe("C62");
    expect(unitCodeSchema.parse("hur")).toBe("HUR");
    expect(unitCodeSchema.safeParse("BOX").success).toBe(false);
    expect(endpointPairProblems("x", null)).toEqual({ scheme: expect.any(String) });
    expect(endpointPairProblems(null, "0208")).toEqual({ id: expect.any(String) });
    expect(endpointPairProblems("x", "0208")).toEqual({});
  });
});
