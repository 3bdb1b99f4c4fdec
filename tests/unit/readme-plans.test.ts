import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planTableMarkdown } from "@/modules/plans/plans";

describe("README plan table", () => {
  it("is the table of src/modules/plans/plans.ts", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    expect(readme).toContain(planTableMarkdown());
  });
});
