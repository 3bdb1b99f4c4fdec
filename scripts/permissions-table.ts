import { readFileSync, writeFileSync } from "node:fs";
import { permissionsMarkdown } from "../src/platform/permissions-table";
import { operationsMarkdown } from "../src/platform/http-kit/operations-table";
import { createApiApp, openApiDocument } from "../src/http/app";

// Prints the role × action matrix (src/platform/permissions.ts) and the REST operations with their
// declared permission; with --write, puts both into README.md between their markers.
const tables = { permissions: permissionsMarkdown(), operations: operationsMarkdown(openApiDocument(createApiApp())) };
if (process.argv.includes("--write")) {
  const readme = readFileSync("README.md", "utf8");
  let next = readme;
  for (const [name, table] of Object.entries(tables)) {
    next = next.replace(new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`), `$1${table}$2`);
  }
  writeFileSync("README.md", next);
  console.log(next === readme ? "README.md already up to date" : "README.md updated");
} else {
  console.log(`${tables.permissions}\n\n${tables.operations}`);
}
