#!/usr/bin/env node
// The whole test suite: type check, lint, then vitest (unit, integration on real PostgreSQL, e2e in Chromium).
// Usage: npm test [-- --project <name>] [-- --skip-checks]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";

const args = process.argv.slice(2);
const skipChecks = args.includes("--skip-checks");
const vitestArgs = args.filter((a) => a !== "--skip-checks");
const wantsE2e = !vitestArgs.includes("--project") || vitestArgs.includes("e2e");

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", ...opts });
  return r.status ?? 1;
}

function ensureChromium() {
  if (existsSync("/usr/bin/chromium")) return;
  console.log("Chromium is missing: installing Debian's chromium package for the browser tests…");
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const apt = (...a) => run(prefix[0] ?? "apt-get", [...prefix.slice(1), ...(prefix.length ? ["apt-get"] : []), ...a], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (apt("install", "-y", "--no-install-recommends", "chromium") !== 0) {
    apt("update");
    if (apt("install", "-y", "--no-install-recommends", "chromium") !== 0) {
      console.error("Could not install chromium with apt-get; install it (apt-get install -y chromium) and run again.");
      process.exit(1);
    }
  }
}

if (wantsE2e) ensureChromium();
if (!skipChecks) {
  console.log("› type check");
  if (run("npx", ["tsc", "--noEmit", "-p", "."]) !== 0) process.exit(1);
  console.log("› lint");
  if (run("npx", ["eslint", "--max-warnings", "0", "."]) !== 0) process.exit(1);
}

mkdirSync("test-results", { recursive: true });
const report = "test-results/vitest.json";
const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...vitestArgs]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\nvitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(status);
