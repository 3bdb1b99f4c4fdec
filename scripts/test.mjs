#!/usr/bin/env node
// The whole test suite: type check, lint, format check, then vitest (unit, integration on real PostgreSQL, e2e in Chromium).
// Usage: npm test [-- --project <name>] [-- --skip-checks]
//        node scripts/test.mjs --instants …   the same vitest run once per fixed instant, under libfaketime
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

/*
 * Dates must never depend on the day the suite runs: CI also runs the unit and integration suites with
 * Node moved to instants where calendars break (the database keeps the real date): the last minute of
 * a year (the run crosses midnight, so most of it runs on the first day of a month and of a year) and a
 * leap day.
 */
const INSTANTS = ["2026-12-31 23:59:00 UTC", "2028-02-29 12:00:00 UTC"];

const args = process.argv.slice(2);
const skipChecks = args.includes("--skip-checks");
const atInstants = args.includes("--instants");
const vitestArgs = args.filter((a) => a !== "--skip-checks" && a !== "--instants");

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", ...opts });
  return r.status ?? 1;
}

function ensureSystemPackages() {
  const packages = [];
  if (!existsSync("/usr/bin/chromium")) packages.push("chromium");
  if (!existsSync("/usr/bin/pdftotext")) packages.push("poppler-utils");
  if (atInstants && !existsSync("/usr/bin/faketime")) packages.push("faketime");
  if (packages.length === 0) return;
  console.log(`Installing Debian packages the tests use: ${packages.join(", ")}…`);
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const apt = (...a) =>
    run(prefix[0] ?? "apt-get", [...prefix.slice(1), ...(prefix.length ? ["apt-get"] : []), ...a], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
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
  console.log("› format (Prettier; npm run format fixes it)");
  if (run("npx", ["prettier", "--check", "--log-level", "warn", "."]) !== 0) process.exit(1);
}

mkdirSync("test-results", { recursive: true });

/** One vitest run; the report decides, not only the exit status. Returns true when everything passed. */
function vitest(label, prefix, report) {
  rmSync(report, { force: true });
  // The server project needs a PostgreSQL server and Redis (npm run test:server); the default run is the rest.
  const projects = vitestArgs.includes("--project") ? [] : ["--project", "unit", "--project", "integration", "--project", "e2e"];
  const command = [
    ...prefix,
    "npx",
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...projects,
    ...vitestArgs,
  ];
  const status = run(command[0], command.slice(1));
  // The report decides as much as the exit status: a stray exit hook in a dependency once turned a
  // failing run's exit code into 0.
  let failed = status !== 0;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8"));
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    console.log(`\nvitest${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
    if (r.success === false || r.numFailedTests > 0 || r.numFailedTestSuites > 0 || r.numTotalTests === 0) failed = true;
  } else {
    console.error(`vitest${label} wrote no report: counting the run as failed`);
    failed = true;
  }
  return !failed;
}

if (!atInstants) {
  process.exit(vitest("", [], "test-results/vitest.json") ? 0 : 1);
}
let ok = true;
for (const [i, instant] of INSTANTS.entries()) {
  console.log(`\n› the suite with the clock at ${instant} (libfaketime)`);
  // --exclude-monotonic: timers and timeouts keep real time; only the calendar moves. PostgreSQL keeps
  // the real calendar (FAKETIME_SKIP_CMDS): under libfaketime its timers never fire (deadlock detection
  // hung), and a database clock years away from the app's makes any date the app takes from SQL stand out.
  process.env.FAKETIME_SKIP_CMDS = "postgres,initdb";
  ok = vitest(` at ${instant}`, ["faketime", "-m", "--exclude-monotonic", instant], `test-results/vitest-instant-${i + 1}.json`) && ok;
}
process.exit(ok ? 0 : 1);
