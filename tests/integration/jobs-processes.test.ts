import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";

/*
 * App instances as separate processes against one database (tests/support/jobs-worker.ts): a
 * scheduled job runs once per period however many instances are up, and an instance killed in the
 * middle of a job loses nothing: another one runs the job again, and its effect happens once.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const owner = ownerSql();
let a: WorkspaceFixture;
let b: WorkspaceFixture;
const started: Worker[] = [];

interface Worker {
  child: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
}

function startWorker(mode: string, workspaces: string[], key = ""): Worker {
  const child = spawn(TSX, ["tests/support/jobs-worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, WORKER_MODE: mode, WORKER_WORKSPACES: workspaces.join(","), WORKER_KEY: key, DB_POOL_MAX: "3" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: tsx and the node it starts die together
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const worker: Worker = {
    child,
    lines,
    waitFor(pattern, ms = 90_000) {
      const found = lines.find((l) => pattern.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line ${pattern} in ${ms} ms; stdout:\n${lines.join("\n")}\nstderr:\n${stderr}`)),
          ms,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
  };
  started.push(worker);
  return worker;
}

function signal(w: Worker, sig: NodeJS.Signals) {
  try {
    process.kill(-w.child.pid!, sig);
  } catch {
    // already gone
  }
}

async function stopWorker(w: Worker, sig: NodeJS.Signals = "SIGTERM") {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => w.child.once("exit", () => resolve()));
  signal(w, sig);
  const timer = setTimeout(() => signal(w, "SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function effects(workspaceId: string, key?: string): Promise<{ key: string; n: number }[]> {
  return owner<{ key: string; n: number }[]>`
    select target_id as key, count(*)::int as n from audit_events
    where workspace_id = ${workspaceId} and action = 'test.effect' and (${key ?? null}::text is null or target_id = ${key ?? null})
    group by target_id order by target_id`;
}

async function jobState(id: string): Promise<string | undefined> {
  const rows = await owner<{ state: string }[]>`
    select state::text from workledger_jobs.job where id = ${id}
    union all select state::text from workledger_jobs.archive where id = ${id}`;
  return rows[0]?.state;
}

async function waitForState(id: string, state: string, ms = 90_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 250) {
    if ((await jobState(id)) === state) return;
    await sleep(250);
  }
  throw new Error(`job ${id} is ${await jobState(id)}, not ${state}, after ${ms} ms`);
}

beforeAll(async () => {
  a = await workspaceFixture(owner, "owner", "jobs-proc-a");
  b = await workspaceFixture(owner, "owner", "jobs-proc-b");
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => stopWorker(w, "SIGKILL")));
});

afterAll(() => owner.end());

describe("job queue across processes", () => {
  it("two instances run a scheduled job once per period per workspace", { timeout: 180_000 }, async () => {
    const ids = [a.workspaceId, b.workspaceId];
    const w1 = startWorker("schedule", ids);
    const w2 = startWorker("schedule", ids);
    await Promise.all([w1.waitFor(/^READY/), w2.waitFor(/^READY/)]);
    await Promise.all(ids.map((ws) => Promise.race([w1.waitFor(new RegExp(`^RAN ${ws} `)), w2.waitFor(new RegExp(`^RAN ${ws} `))])));
    // Both keep offering the period's job every second for a while.
    await sleep(5_000);
    await Promise.all([stopWorker(w1), stopWorker(w2)]);
    const ran = [...w1.lines, ...w2.lines].filter((l) => l.startsWith("RAN ")).map((l) => l.split(" ").slice(1, 3).join(" "));
    const periods = new Set(ran.map((r) => r.split(" ")[1]));
    expect(periods.size).toBeGreaterThanOrEqual(1);
    // Each (workspace, period) ran exactly once across both instances, and every workspace ran in every period.
    const expected = [...periods].flatMap((p) => ids.map((ws) => `${ws} ${p}`)).sort();
    expect(ran.sort()).toEqual(expected);
    for (const ws of ids) expect((await effects(ws)).map((e) => e.n)).toEqual([...periods].map(() => 1));
  });

  for (const mode of ["hang-in-transaction", "hang-after-commit"] as const) {
    it(
      `an instance killed ${mode === "hang-in-transaction" ? "inside the job's transaction" : "after the job's commit"}: the job runs again and its effect happens once`,
      { timeout: 180_000 },
      async () => {
        const key = `crash-${mode}`;
        const w1 = startWorker(mode, [a.workspaceId], key);
        const sent = await w1.waitFor(/^SENT /);
        const jobId = sent.split(" ")[1]!;
        await w1.waitFor(mode === "hang-in-transaction" ? /^IN_TRANSACTION / : /^COMMITTED /);
        expect(await jobState(jobId)).toBe("active");
        await stopWorker(w1, "SIGKILL");

        const w2 = startWorker("work", [a.workspaceId]);
        await waitForState(jobId, "completed");
        await stopWorker(w2);
        expect(await effects(a.workspaceId, key)).toEqual([{ key, n: 1 }]);
        const [claims] = await owner<{ n: number }[]>`
        select count(*)::int as n from job_effects where workspace_id = ${a.workspaceId} and job = 'test.effect' and effect_key = ${key}`;
        expect(claims!.n).toBe(1);
        // The second instance ran it (before the commit) or found it done (after the commit).
        expect(
          w2.lines.some((l) =>
            l.startsWith(mode === "hang-in-transaction" ? `RAN ${a.workspaceId} ${key}` : `ALREADY ${a.workspaceId} ${key}`),
          ),
        ).toBe(true);
      },
    );
  }
});
