import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** The lint rules that keep src/'s layers pointing downwards and the pools behind platform/db really fire. */
const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const LAYERS = ["app", "components", "http", "identity", "modules", "platform", "lib"] as const;
const BELOW: Record<(typeof LAYERS)[number], readonly string[]> = {
  app: ["components", "http", "identity", "modules", "platform", "lib"],
  components: ["modules", "platform", "lib"],
  http: ["identity", "modules", "platform", "lib"],
  identity: ["modules", "platform", "lib"],
  modules: ["platform", "lib"],
  platform: ["lib"],
  lib: [],
};

describe("layers/downwards-only", () => {
  // Every pair of layers, both as an alias import and as a relative one.
  for (const from of LAYERS) {
    for (const to of LAYERS) {
      if (from === to) continue;
      const allowed = BELOW[from].includes(to);
      it(`${from}/ ${allowed ? "may" : "may not"} import ${to}/`, async () => {
        const file = `src/${from}/some/file.ts`;
        const viaAlias = await ruleIds(file, `import { x } from "@/${to}/thing";\nexport const y = x;\n`);
        const viaRelative = await ruleIds(file, `import { x } from "../../${to}/thing";\nexport const y = x;\n`);
        for (const ids of [viaAlias, viaRelative]) {
          expect(ids.includes("layers/downwards-only")).toBe(!allowed);
        }
      });
    }
  }

  it("no layer imports an entry point", async () => {
    expect(await ruleIds("src/modules/x/x.ts", `import { a } from "@/main";\nexport const b = a;\n`)).toContain("layers/downwards-only");
  });
});

describe("layers/one-door-into-data", () => {
  it("refuses the pools outside src/platform/db, allows closing them", async () => {
    const file = "src/modules/clients/clients.repo.ts";
    expect(await ruleIds(file, `import { tenantPool } from "@/platform/db/client";\nexport const p = tenantPool;\n`)).toContain(
      "layers/one-door-into-data",
    );
    expect(await ruleIds(file, `import * as db from "@/platform/db/client";\nexport const p = db;\n`)).toContain(
      "layers/one-door-into-data",
    );
    expect(await ruleIds(file, `import { closePools } from "@/platform/db/client";\nexport const p = closePools;\n`)).not.toContain(
      "layers/one-door-into-data",
    );
    expect(
      await ruleIds("src/platform/db/tenant.ts", `import { tenantSql } from "./client";\nexport const p = tenantSql;\n`),
    ).not.toContain("layers/one-door-into-data");
  });
});
