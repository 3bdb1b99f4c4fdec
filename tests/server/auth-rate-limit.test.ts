import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../setup/test-database";
import { instances, seedWorkspaceWithKey } from "../support/instances";

/*
 * Two app instances on one Redis share every limiter: Better Auth's (sign-in) and the app's own
 * (invitations per workspace), so a second instance does not double a budget. Needs TEST_DATABASE_URL
 * and REDIS_URL (npm run test:server sets both). Each run comes from its own client address (through
 * TRUST_PROXY), so counters left in Redis by an earlier run do not matter.
 */
const ready = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);
const SIGN_INS = 4;
const INVITATIONS_PER_WORKSPACE = 50;
const APP_URL = "http://localhost:3000";
const clientIp = `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join(".")}`;

let dispose: (() => Promise<void>) | undefined;
const servers = instances();
const ports: number[] = [];
let secret = "";

beforeAll(async () => {
  if (!ready) return;
  const created = await createTestDatabase();
  dispose = created.dispose;
  secret = await seedWorkspaceWithKey(created.db.owner, "Limits Test");
  const env = () => ({
    HOST: "127.0.0.1",
    DATABASE_URL: created.db.owner,
    APP_URL,
    TRUST_PROXY: "1",
    AUTH_RATE_LIMIT_PER_MINUTE: String(SIGN_INS),
    API_RATE_LIMIT_WORKSPACE_PER_MINUTE: "1000",
    API_RATE_LIMIT_KEY_PER_MINUTE: "1000",
  });
  ports.push(await servers.start("tests/server/instance.ts", env), await servers.start("tests/server/instance.ts", env));
}, 180_000);

afterAll(async () => {
  await servers.stopAll();
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
