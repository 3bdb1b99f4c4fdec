import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../../src/platform/db/embedded";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    /** The running app's data folder and embedded PostgreSQL port, for operator commands such as `npm run outbox`. */
    appDataDir: string;
    appPgPort: number;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const LOG_DIR = path.join(ROOT, "test-results", "e2e");
const READY_LINE = "Workledger is running at";
/** The first run includes `next build`, which takes a few minutes. */
const START_TIMEOUT_MS = 280_000;
const STOP_TIMEOUT_MS = 20_000;
const TAIL_LINES = 60;

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

/** Kills the child's whole process group (tsx, the app, `next build`, postgres): all started by this setup. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * Starts the real app (`npm start`'s code path: production build, embedded PostgreSQL in a throwaway
 * data folder, migrations) on free ports, and hands its URL to the e2e tests.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "workledger-e2e-"));
  // The embedded PostgreSQL runs as the `postgres` OS user when we are root: it must traverse this folder.
  await chmod(dataDir, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  const appUrl = `http://localhost:${port}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: appUrl,
    WORKLEDGER_DATA_DIR: dataDir,
    WORKLEDGER_PG_PORT: String(pgPort),
    // As behind a proxy: a test that floods a limit on purpose does it as its own client address.
    TRUST_PROXY: "1",
    // The instance analytics page's administrator (tests/e2e/instance-analytics.test.ts).
    INSTANCE_ADMIN_EMAILS: "instance-admin@example.test",
  };
  // The app must use its own embedded database, never one configured for other test projects.
  for (const key of [
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "WL_TENANT_DATABASE_URL",
    "WL_AUTH_DATABASE_URL",
    "WL_ANALYTICS_DATABASE_URL",
    "WL_JOBS_DATABASE_URL",
    "REDIS_URL",
  ])
    delete env[key];

  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, "server.log");
  const log = createWriteStream(logFile);
  const tail: string[] = [];
  const record = (chunk: string) => {
    // Output can still arrive after the child's exit event, when the log is already closed.
    if (!log.writableEnded) log.write(chunk);
    for (const line of chunk.split("\n")) {
      if (line.trim() === "") continue;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  };
  const tailText = () => tail.join("\n");

  const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["src/main.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a forced stop also reaches `next build` and postgres.
    detached: true,
  });

  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGTERM to the app only: it stops Next.js and shuts the embedded PostgreSQL down cleanly.
      child.kill("SIGTERM");
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        killGroup(child, "SIGKILL");
        await waitForExit(child, 5_000);
      }
    }
    await new Promise<void>((resolve) => log.end(resolve));
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => {
        reject(new Error(`the app did not start within ${START_TIMEOUT_MS / 1000} s (log: ${logFile}):\n${tailText()}`));
      }, START_TIMEOUT_MS);
      const done = (err?: Error) => {
        clearTimeout(timer);
        child.off("exit", onExit);
        if (err) reject(err);
        else resolve();
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        done(new Error(`the app exited during start-up (code ${code}, signal ${signal}; log: ${logFile}):\n${tailText()}`));
      };
      child.on("exit", onExit);
      child.on("error", (err) => done(err));
      child.stdout?.setEncoding("utf8");
      child.stderr?.setEncoding("utf8");
      child.stdout?.on("data", (chunk: string) => {
        record(chunk);
        stdout += chunk;
        if (stdout.includes(READY_LINE)) done();
        // Only the unfinished last line is needed to spot the ready line across chunks.
        else stdout = stdout.slice(stdout.lastIndexOf("\n") + 1);
      });
      child.stderr?.on("data", (chunk: string) => {
        record(chunk);
      });
    });
  } catch (err) {
    await cleanup();
    throw err;
  }

  project.provide("appUrl", appUrl);
  project.provide("appDataDir", dataDir);
  project.provide("appPgPort", pgPort);
  return cleanup;
}
