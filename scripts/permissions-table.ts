import { readFileSync, writeFileSync } from "node:fs";
import { permissionsMarkdown } from "../src/server/auth/permissions-table";

// Prints the role × action matrix from src/server/auth/permissions.ts; with --write, puts it into README.md.
const table = permissionsMarkdown();
if (process.argv.includes("--write")) {
  const readme = readFileSync("README.md", "utf8");
  const next = readme.replace(/(<!-- permissions:start -->\n)[\s\S]*?(\n<!-- permissions:end -->)/, `$1${table}$2`);
  writeFileSync("README.md", next);
  console.log(next === readme ? "README.md already up to date" : "README.md updated");
} else {
  console.log(table);
}
