import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { permissionsMarkdown } from "@/server/auth/permissions-table";

describe("README permission matrix", () => {
  it("is the table generated from the code (run `npm run permissions:readme` after changing permissions)", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = /<!-- permissions:start -->\n([\s\S]*?)\n<!-- permissions:end -->/.exec(readme);
    expect(section, "README.md needs the permissions:start/end markers").not.toBeNull();
    expect(section![1]).toBe(permissionsMarkdown());
  });
});
