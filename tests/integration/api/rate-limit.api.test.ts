import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRateLimitStore } from "@/platform/rate-limit";
import { reloadConfig } from "@/platform/config";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot } from "../../support/fixtures";
import { api, expectJson, expectProblem, keyFor, type ApiResult } from "../../support/api";

/**
 * Per-workspace and per-caller request budgets, with small limits set for this file only (the
 * limiters are rebuilt from the environment by closeRateLimitStore()).
 */
const owner = ownerSql();
const saved = { workspace: process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE, key: process.env.API_RATE_LIMIT_KEY_PER_MINUTE };

function setLimits(workspace: number, key: number) {
  process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE = String(workspace);
  process.env.API_RATE_LIMIT_KEY_PER_MINUTE = String(key);
}
const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));

beforeAll(async () => {
  setLimits(5, 100);
  reloadConfig();
  await closeRateLimitStore();
});

afterAll(async () => {
  restore("API_RATE_LIMIT_WORKSPACE_PER_MINUTE", saved.workspace);
  restore("API_RATE_LIMIT_KEY_PER_MINUTE", saved.key);
  reloadConfig();
  await closeRateLimitStore();
  await owner.end();
});

const headersOf = (res: ApiResult<unknown>) => ({
  limit: res.headers.get("ratelimit-limit"),
  remaining: res.headers.get("ratelimit-remaining"),
  reset: Number(res.headers.get("ratelimit-reset")),
});

function expectRateLimited(res: ApiResult<unknown>, limit: number) {
  expectProblem(res, 429, "rate_limited");
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const h = headersOf(res);
  expect([h.limit, h.remaining]).toEqual([String(limit), "0"]);
  expect(h.reset).toBeGreaterThanOrEqual(1);
  expect(h.reset).toBeLessThanOrEqual(60);
}

describe("per-workspace budget (5 a minute here)", () => {
  it("allows 5 requests with RateLimit-* headers counting down; the 6th is 429 with Retry-After and changes nothing", async () => {
    const fx = await workspaceFixture(owner, "admin", "rl");
    const token = await keyFor(fx.actor, "admin");
    for (let i = 1; i <= 5; i++) {
      const res = await api("GET", "/api/v1/clients", { token });
      expect(res.status).toBe(200);
      const h = headersOf(res);
      expect([h.limit, h.remaining]).toEqual(["5", String(5 - i)]);
      expect(h.reset).toBeGreaterThanOrEqual(1);
      expect(h.reset).toBeLessThanOrEqual(60);
    }
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    expectRateLimited(await api("GET", "/api/v1/clients", { token }), 5);
    expectRateLimited(await api("POST", "/api/v1/clients", { token, body: { name: "Over budget", currency: "EUR" } }), 5);
    expectRateLimited(await api("DELETE", `/api/v1/clients/${fx.spareClientId}`, { token }), 5);
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("another workspace is unaffected by one that is over budget", async () => {
    const busy = await workspaceFixture(owner, "admin", "rl-busy");
    const busyKey = await keyFor(busy.actor, "admin");
    for (let i = 0; i < 5; i++) expect((await api("GET", "/api/v1/clients", { token: busyKey })).status).toBe(200);
    expectRateLimited(await api("GET", "/api/v1/clients", { token: busyKey }), 5);

    const quiet = await workspaceFixture(owner, "admin", "rl-quiet");
    const quietKey = await keyFor(quiet.actor, "admin");
    const res = await api("GET", "/api/v1/clients", { token: quietKey });
    expect(res.status).toBe(200);
    expect([headersOf(res).limit, headersOf(res).remaining]).toEqual(["5", "4"]);
    expect((await api("POST", "/api/v1/clients", { token: quietKey, body: { name: "Quiet", currency: "EUR" } })).status).toBe(201);
  });

  it("two keys of one workspace share its budget: 3 + 2 requests use it up, then every key (a new one too) gets 429", async () => {
    const fx = await workspaceFixture(owner, "admin", "rl-shared");
    const [a, b, c] = [await keyFor(fx.actor, "admin"), await keyFor(fx.actor, "member"), await keyFor(fx.actor, "admin")];
    const remaining: string[] = [];
    for (const token of [a, a, a, b, b]) {
      const res = await api("GET", "/api/v1/workspace", { token });
      expect(res.status).toBe(200);
      remaining.push(headersOf(res).remaining ?? "");
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    expectRateLimited(await api("GET", "/api/v1/workspace", { token: b }), 5);
    expectRateLimited(await api("GET", "/api/v1/workspace", { token: a }), 5);
    expectRateLimited(await api("GET", "/api/v1/workspace", { token: c }), 5);
  });
});

describe("per-caller budget (3 a minute here, workspace 100)", () => {
  it("one key's 4th request is 429 while another key of the same workspace still gets through", async () => {
    setLimits(100, 3);
    reloadConfig();
    await closeRateLimitStore();
    const fx = await workspaceFixture(owner, "admin", "rl-caller");
    const [a, b] = [await keyFor(fx.actor, "admin"), await keyFor(fx.actor, "admin")];
    for (let i = 1; i <= 3; i++) {
      const res = await api("GET", "/api/v1/clients", { token: a });
      expect(res.status).toBe(200);
      expect([headersOf(res).limit, headersOf(res).remaining]).toEqual(["3", String(3 - i)]);
    }
    expectRateLimited(await api("GET", "/api/v1/clients", { token: a }), 3);
    const other = expectJson(await api<{ id: string }>("GET", "/api/v1/workspace", { token: b }), 200);
    expect(other.id).toBe(fx.workspaceId);
  });
});
