import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { freePort } from "@/platform/db/embedded";
import { createTestDatabase, TEST_AUTH_SECRET } from "../setup/test-database";

/*
 * Two API processes against the CI machine's PostgreSQL and Redis share one per-workspace budget.
 * Needs TEST_DATABASE_URL and REDIS_URL (npm run test:server sets both).
 */
const ready = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);
const ROOT = path.resolve(import.meta.dirname, "../..");
const BUDGET = 10;

let dispose: (() => Promise<void>) | undefined;
const servers: ChildProcess[] = [];
const ports: number[] = [];
let secret = "";

async function startApi(ownerUrl: string): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "src/api-main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: ownerUrl,
      BETTER_AUTH_SECRET: TEST_AUTH_SECRET,
      APP_URL: `http://127.0.0.1:${port}`,
      API_RATE_LIMIT_WORKSPACE_PER_MINUTE: String(BUDGET),
      API_RATE_LIMIT_KEY_PER_MINUTE: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  servers.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API server did not start:\n${output}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes("is running")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => reject(new Error(`API server exited with ${code}:\n${output}`)));
  });
  return port;
}

beforeAll(async () => {
  if (!ready) return;
  const created = await createTestDatabase();
  dispose = created.dispose;
  const owner = postgres(created.db.owner, { max: 1, onnotice: () => {} });
  const ws = randomUUID();
  const user = randomUUID();
  secret = `wl_live_${randomBytes(32).toString("base64url")}`;
  await owner`insert into users (id, name, email) values (${user}, 'Redis Test', ${`redis-${user}@example.test`})`;
  await owner`insert into workspaces (id, name, slug) values (${ws}, 'Redis Test', ${`redis-${ws}`})`;
  await owner`insert into members (id, organization_id, user_id, role) values (${randomUUID()}, ${ws}, ${user}, 'owner')`;
  await owner`insert into api_keys (organization_id, name, prefix, key_hash, role, created_by)
              values (${ws}, 'redis', ${secret.slice(0, 12)}, ${createHash("sha256").update(secret).digest("hex")}, 'owner', ${user})`;
  await owner.end();
  ports.push(await startApi(created.db.owner), await startApi(created.db.owner));
}, 180_000);

afterAll(async () => {
  for (const s of servers) s.kill("SIGTERM");
  await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.on("exit", r)))));
  await dispose?.();
});

describe.skipIf(!ready)("rate limits shared through Redis", () => {
  it(`two app instances draw from one per-workspace budget of ${BUDGET} per minute`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < BUDGET + 4; i++) {
      const port = ports[i % 2]!;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/clients`, { headers: { authorization: `Bearer ${secret}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
      }
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200).length).toBe(BUDGET);
    expect(statuses.slice(BUDGET)).toEqual([429, 429, 429, 429]);
  });
});
