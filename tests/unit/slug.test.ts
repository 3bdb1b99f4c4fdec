import { describe, expect, it } from "vitest";
import { slugify, suffixedSlug } from "@/lib/slug";

describe("slugify", () => {
  it.each([
    ["Acme Studio", "acme-studio"],
    ["  Ada's   Studio!! ", "ada-s-studio"],
    ["Zoë Ångström Design", "zoe-angstrom-design"],
    ["東京", "workspace"],
    ["---", "workspace"],
    ["", "workspace"],
    ["Robert'); DROP TABLE users;--", "robert-drop-table-users"],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("caps the length without a trailing dash", () => {
    const s = slugify("a".repeat(47) + " b" + "c".repeat(100));
    expect(s.length).toBeLessThanOrEqual(48);
    expect(s.endsWith("-")).toBe(false);
  });

  it("suffixes with six hex characters within the cap", () => {
    const s = suffixedSlug("x".repeat(48));
    expect(s).toMatch(/^x{41}-[0-9a-f]{6}$/);
    expect(suffixedSlug("acme")).not.toBe(suffixedSlug("acme"));
  });
});
