import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { permissionsMarkdown } from "@/platform/permissions-table";
import { operationsMarkdown } from "@/platform/http-kit/operations-table";
import { createApiApp, openApiDocument } from "@/http/app";

function section(name: string): string {
  const readme = readFileSync("README.md", "utf8");
  const found = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(readme);
  expect(found, `README.md needs the ${name}:start/end markers`).not.toBeNull();
  return found![1]!;
}

describe("README tables generated from the code (run `npm run permissions:readme` after changing them)", () => {
  it("the permission matrix", () => {
    expect(section("permissions")).toBe(permissionsMarkdown());
  });

  it("the REST operations with their declared permission", () => {
    expect(section("operations")).toBe(operationsMarkdown(openApiDocument(createApiApp())));
  });
});
