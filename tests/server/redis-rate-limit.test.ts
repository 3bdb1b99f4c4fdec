import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../setup/test-database";
import { instances, seedWorkspaceWithKey } from "../support/instances";

/*
 * Two API processes against the CI machine's PostgreSQL and Redis share one per-workspace budget.
 * Needs TEST_DATABASE_URL and REDIS_URL (npm run test:server sets both).
 */
const ready = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);
const BUDGET = 10;

let dispose: (() => Promise<void>) | undefined;
const servers = instances();
const ports: number[] = [];
let secret = "";

beforeAll(async () => {
  if (!ready) return;
  const created = await createTestDatabase();
  dispose = created.dispose;
  secret = await seedWorkspaceWithKey(created.db.owner, "Redis Test");
  const env = (port: number) => ({
    DATABASE_URL: created.db.owner,
    APP_URL: `http://127.0.0.1:${port}`,
    API_RATE_LIMIT_WORKSPACE_PER_MINUTE: String(BUDGET),
    API_RATE_LIMIT_KEY_PER_MINUTE: "1000",
  });
  ports.push(await servers.start("src/api-main.ts", env), await servers.start("src/api-main.ts", env));
}, 180_000);

afterAll(async () => {
  await servers.stopAll();
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
