import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { hasMalformedPath } from "@/http/url-guard";

describe("hasMalformedPath", () => {
  it("passes every path a browser makes from well-formed text", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { maxLength: 4 }), (segments) => {
        expect(hasMalformedPath(`/${segments.map(encodeURIComponent).join("/")}?q=%ED%A0%80`)).toBe(false);
      }),
    );
  });

  it("catches escapes that do not decode, in the path only", () => {
    for (const bad of ["/invoices/%ED%A0%80", "/invoices/%ED%A0%80/edit", "/%E0%A4", "/%zz", "/a%", "/%FF"])
      expect(hasMalformedPath(bad), bad).toBe(true);
    expect(hasMalformedPath("/invoices?q=%ED%A0%80")).toBe(false);
    expect(hasMalformedPath(undefined)).toBe(false);
  });
});
