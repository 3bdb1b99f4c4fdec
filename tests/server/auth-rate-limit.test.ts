import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { freePort } from "@/platform/db/embedded";
import { createTestDatabase, TEST_AUTH_SECRET } from "../setup/test-database";

/*
 * Two app instances on one Redis share every limiter: Better Auth's (sign-in) and the app's own
 * (invitations per workspace), so a second instance does not double a budget. Needs TEST_DATABASE_URL
 * and REDIS_URL (npm run test:server sets both). Each run comes from its own client address (through
 * TRUST_PROXY), so counters left in Redis by an earlier run do not matter.
 */
const ready = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SIGN_INS = 4;
const INVITATIONS_PER_WORKSPACE = 50;
const APP_URL = "http://localhost:3000";
const clientIp = `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join(".")}`;

let dispose: (() => Promise<void>) | undefined;
const servers: ChildProcess[] = [];
const ports: number[] = [];
let secret = "";

async function startInstance(ownerUrl: string): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "tests/server/instance.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: ownerUrl,
      BETTER_AUTH_SECRET: TEST_AUTH_SECRET,
      APP_URL,
      TRUST_PROXY: "1",
      AUTH_RATE_LIMIT_PER_MINUTE: String(SIGN_INS),
      API_RATE_LIMIT_WORKSPACE_PER_MINUTE: "1000",
      API_RATE_LIMIT_KEY_PER_MINUTE: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  servers.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes("is running")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => reject(new Error(`instance exited with ${code}:\n${output}`)));
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
  await owner`insert into users (id, name, email) values (${user}, 'Limits Test', ${`limits-${user}@example.test`})`;
  await owner`insert into workspaces (id, name, slug) values (${ws}, 'Limits Test', ${`limits-${ws}`})`;
  await owner`insert into members (id, organization_id, user_id, role) values (${randomUUID()}, ${ws}, ${user}, 'owner')`;
  await owner`insert into api_keys (organization_id, name, prefix, key_hash, role, created_by)
              values (${ws}, 'limits', ${secret.slice(0, 12)}, ${createHash("sha256").update(secret).digest("hex")}, 'owner', ${user})`;
  await owner.end();
  ports.push(await startInstance(created.db.owner), await startInstance(created.db.owner));
}, 180_000);

afterAll(async () => {
  for (const s of servers) s.kill("SIGTERM");
  await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.on("exit", r)))));
  await dispose?.();
});

async function alternate(count: number, request: (port: number, i: number) => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await request(ports[i % 2]!, i);
    statuses.push(res.status);
    await res.arrayBuffer();
  }
  return statuses;
}

describe.skipIf(!ready)("one rate-limit store for two instances", () => {
  it(`sign-in: ${SIGN_INS} attempts per address per minute in all, not per instance`, async () => {
    const statuses = await alternate(SIGN_INS + 4, (port) =>
      fetch(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP_URL, "x-forwarded-for": clientIp },
        body: JSON.stringify({ email: `nobody-${randomUUID()}@example.test`, password: "not the password" }),
      }),
    );
    expect(statuses.slice(0, SIGN_INS).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(SIGN_INS)).toEqual([429, 429, 429, 429]);
  });

  it(`invitations: ${INVITATIONS_PER_WORKSPACE} per workspace per hour in all, not per instance`, async () => {
    const statuses = await alternate(INVITATIONS_PER_WORKSPACE + 4, (port, i) =>
      fetch(`http://127.0.0.1:${port}/api/v1/invitations`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${secret}`, "x-forwarded-for": clientIp },
        body: JSON.stringify({ email: `invitee-${i}-${randomUUID().slice(0, 8)}@example.test`, role: "member" }),
      }),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(INVITATIONS_PER_WORKSPACE);
    expect(statuses.slice(INVITATIONS_PER_WORKSPACE)).toEqual([429, 429, 429, 429]);
  });
});
