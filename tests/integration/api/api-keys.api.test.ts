import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { now, pinClockForTests, setClockForTests } from "@/lib/clock";
import { API_KEY_CACHE_MS } from "@/modules/api-keys/api-keys.service";
import { ownerSql, signUp } from "../../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor, keyForUser, type ListBody } from "../../support/api";

/** The API key lifecycle: create (secret once, hash only), list, use, expire, revoke, creator removed; and session access. */
const owner = ownerSql();
afterAll(() => owner.end());
afterEach(() => setClockForTests(null));

interface ApiKeyBody {
  id: string;
  name: string;
  prefix: string;
  role: string;
  created_by: { user_id: string; name: string };
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}
type CreatedKey = ApiKeyBody & { secret: string };

const KEY_FIELDS = ["created_at", "created_by", "expires_at", "id", "last_used_at", "name", "prefix", "revoked_at", "role"];
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let adminKey: string;
let ownerKey: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "keys");
  other = await workspaceFixture(owner, "owner", "keys-other");
  adminKey = await keyFor(fx.actor, "admin");
  ownerKey = await keyForUser(fx.owner.userId, fx.workspaceId, "owner");
});

const createKey = async (body: Record<string, unknown>, token = adminKey) =>
  expectJson(await api<CreatedKey>("POST", "/api/v1/api-keys", { token, body }), 201);
const listKeys = async () => expectJson(await api<ListBody<ApiKeyBody>>("GET", "/api/v1/api-keys", { token: adminKey }), 200).data;
/**
 * The keys as a refused request must leave them. `last_used_at` is left out: the admin key that lists
 * them is itself stamped as used (at most once a minute), and a slow run crosses that minute.
 */
const keysAsStored = async () => (await listKeys()).map(({ last_used_at: _used, ...k }) => k);
const clientsWith = (token: string) => api("GET", "/api/v1/clients", { token });

describe("creating a key", () => {
  it("answers 201 with the secret (wl_live_…) once; the database holds only its SHA-256", async () => {
    const expiresAt = new Date(now().getTime() + 30 * 24 * 3600 * 1000).toISOString();
    const created = await createKey({ name: "  CI deploys  ", role: "member", expires_at: expiresAt });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "CI deploys",
      prefix: created.secret.slice(0, 12),
      role: "member",
      created_by: { user_id: fx.actor.userId, name: expect.stringMatching(/^actor-admin /) },
      created_at: expect.any(String),
      last_used_at: null,
      expires_at: expiresAt,
      revoked_at: null,
      secret: expect.stringMatching(/^wl_live_[A-Za-z0-9_-]{43}$/),
    });
    expect(created.prefix).toMatch(/^wl_live_[A-Za-z0-9_-]{4}$/);

    const [row] = await owner<
      { row: string; key_hash: string }[]
    >`select row_to_json(k)::text as row, key_hash from api_keys k where id = ${created.id}`;
    expect(row!.key_hash).toBe(sha256(created.secret));
    expect(row!.row).not.toContain(created.secret);
    expect(row!.row).not.toContain(created.secret.slice(12));
    // Shown once: the list never carries the secret.
    const listed = (await listKeys()).find((k) => k.id === created.id)!;
    expect(Object.keys(listed).sort()).toEqual(KEY_FIELDS);
    expect(JSON.stringify(await listKeys())).not.toContain(created.secret.slice(12));
    // And the key works, acting as its role.
    expect(expectJson(await api<{ your_role: string }>("GET", "/api/v1/workspace", { token: created.secret }), 200).your_role).toBe(
      "member",
    );
  });

  it("lists keys with prefix, name, role and creator; last_used_at is set once the key is used", async () => {
    const created = await createKey({ name: "Used key", role: "admin" });
    expect((await listKeys()).find((k) => k.id === created.id)).toMatchObject({
      name: "Used key",
      prefix: created.prefix,
      role: "admin",
      created_by: { user_id: fx.actor.userId },
      last_used_at: null,
    });
    expect((await clientsWith(created.secret)).status).toBe(200);
    let lastUsed: string | null = null;
    for (let i = 0; i < 40 && lastUsed === null; i++) {
      lastUsed = (await listKeys()).find((k) => k.id === created.id)!.last_used_at;
      if (lastUsed === null) await new Promise((r) => setTimeout(r, 25));
    }
    expect(lastUsed).not.toBeNull();
    expect(Math.abs(Date.parse(lastUsed!) - now().getTime())).toBeLessThan(60_000);
    const n = await owner<{ n: string }[]>`select count(*) as n from api_keys where organization_id = ${fx.workspaceId}`;
    expect(await listKeys()).toHaveLength(Number(n[0]!.n));
  });

  it("refuses a role above the creator's (403) and creates nothing", async () => {
    const before = await keysAsStored();
    expectProblem(await api("POST", "/api/v1/api-keys", { token: adminKey, body: { name: "Escalate", role: "owner" } }), 403, "forbidden");
    expect(await keysAsStored()).toEqual(before);
    // An owner may.
    expect((await createKey({ name: "Owner key", role: "owner" }, ownerKey)).role).toBe("owner");
  });

  it("answers 400 to unknown fields and wrong types, 422 to a past or malformed expiry and a blank name", async () => {
    const before = await keysAsStored();
    for (const body of [
      { name: "K", role: "member", secret: "wl_live_mine" },
      { name: "K", role: "root" },
      { name: "K", role: "member", expires_at: 1767225600 },
      { role: "member" },
    ]) {
      expectProblem(await api("POST", "/api/v1/api-keys", { token: adminKey, body }), 400, "bad_request");
    }
    const past = expectProblem(
      await api("POST", "/api/v1/api-keys", { token: adminKey, body: { name: "K", role: "member", expires_at: "2000-01-01T00:00:00Z" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(past, "expires_at")).toEqual(["The expiry must be in the future"]);
    const malformed = expectProblem(
      await api("POST", "/api/v1/api-keys", { token: adminKey, body: { name: "K", role: "member", expires_at: "next tuesday" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(malformed, "expires_at")).toHaveLength(1);
    const blank = expectProblem(
      await api("POST", "/api/v1/api-keys", { token: adminKey, body: { name: "  ", role: "member" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(blank, "name")).toEqual(["Name is required"]);
    expect(await keysAsStored()).toEqual(before);
  });
});

describe("a key stops working", () => {
  it("once its expiry passes (the app clock moves past it), even while cached", async () => {
    const expiresAt = new Date(now().getTime() + 3600 * 1000);
    const key = await createKey({ name: "Short-lived", role: "member", expires_at: expiresAt.toISOString() });
    expect((await clientsWith(key.secret)).status).toBe(200);
    setClockForTests(() => new Date(expiresAt.getTime() + 1000));
    expectProblem(await clientsWith(key.secret), 401, "unauthenticated");
    setClockForTests(() => new Date(expiresAt.getTime() - 60_000));
    expect((await clientsWith(key.secret)).status).toBe(200);
  });

  it("at once when revoked in this process (it was cached a moment before); revoking again is 409", async () => {
    const key = await createKey({ name: "To revoke", role: "member" });
    expect((await clientsWith(key.secret)).status).toBe(200);
    const res = await api("DELETE", `/api/v1/api-keys/${key.id}`, { token: adminKey });
    expect([res.status, res.body]).toEqual([204, null]);
    expectProblem(await clientsWith(key.secret), 401, "unauthenticated");
    expectProblem(
      await api("POST", "/api/v1/clients", { token: key.secret, body: { name: "After revoke", currency: "EUR" } }),
      401,
      "unauthenticated",
    );
    expect(typeof (await listKeys()).find((k) => k.id === key.id)!.revoked_at).toBe("string");
    expectProblem(await api("DELETE", `/api/v1/api-keys/${key.id}`, { token: adminKey }), 409, "conflict");
    const [row] = await owner<
      { n: string }[]
    >`select count(*) as n from audit_events where workspace_id = ${fx.workspaceId} and action = 'api_key.revoked' and target_id = ${key.id}`;
    expect(row!.n).toBe("1");
  });

  it("when its creator is removed from the workspace (once the key cache time has passed)", async () => {
    const creatorKey = await keyForUser(fx.adminUserId, fx.workspaceId, "admin");
    expect((await clientsWith(creatorKey)).status).toBe(200);
    const removed = await api("DELETE", `/api/v1/members/${fx.adminUserId}`, { token: ownerKey });
    expect(removed.status).toBe(204);
    pinClockForTests(new Date(now().getTime() + API_KEY_CACHE_MS + 1_000));
    expectProblem(await clientsWith(creatorKey), 401, "unauthenticated");
    expectProblem(
      await api("POST", "/api/v1/clients", { token: creatorKey, body: { name: "Ghost", currency: "EUR" } }),
      401,
      "unauthenticated",
    );
  });

  it("at once when its creator is removed from the workspace in this process", async () => {
    const f = await workspaceFixture(owner, "owner", "removed-creator");
    const creatorKey = await keyForUser(f.adminUserId, f.workspaceId, "admin");
    const theOwnersKey = await keyForUser(f.owner.userId, f.workspaceId, "owner");
    expect((await clientsWith(creatorKey)).status).toBe(200);
    expect((await api("DELETE", `/api/v1/members/${f.adminUserId}`, { token: theOwnersKey })).status).toBe(204);
    expectProblem(await clientsWith(creatorKey), 401, "unauthenticated");
  });

  it("acts with the creator's current role when the creator is demoted (after the key cache has passed)", async () => {
    const [member] = await owner<
      { user_id: string }[]
    >`select user_id from members where organization_id = ${fx.workspaceId} and role = 'member' limit 1`;
    await owner`update members set role = 'admin' where organization_id = ${fx.workspaceId} and user_id = ${member!.user_id}`;
    const key = await keyForUser(member!.user_id, fx.workspaceId, "admin");
    expect((await api("GET", "/api/v1/audit-events", { token: key })).status).toBe(200);
    expect(
      expectJson(
        await api<{ role: string }>("PATCH", `/api/v1/members/${member!.user_id}`, { token: ownerKey, body: { role: "member" } }),
        200,
      ).role,
    ).toBe("member");
    pinClockForTests(new Date(now().getTime() + API_KEY_CACHE_MS + 1_000));
    expectProblem(await api("GET", "/api/v1/audit-events", { token: key }), 403, "forbidden");
    expect(expectJson(await api<{ your_role: string }>("GET", "/api/v1/workspace", { token: key }), 200).your_role).toBe("member");
  });

  it("another workspace's key id answers 404 to DELETE, and that key keeps working", async () => {
    const otherKey = await keyFor(other.owner, "admin");
    const [row] = await owner<{ id: string }[]>`select id from api_keys where key_hash = ${sha256(otherKey)}`;
    const before = await owner`select id, revoked_at from api_keys where organization_id = ${other.workspaceId} order by id`;
    expectProblem(await api("DELETE", `/api/v1/api-keys/${row!.id}`, { token: ownerKey }), 404, "not_found");
    expect(await owner`select id, revoked_at from api_keys where organization_id = ${other.workspaceId} order by id`).toEqual(before);
    expect((await clientsWith(otherKey)).status).toBe(200);
    expect((await listKeys()).map((k) => k.id)).not.toContain(row!.id);
  });
});

describe("session cookie access to /api/v1", () => {
  it("reads with the cookie alone; changes need the app's Origin (403 without it or with another)", async () => {
    const s = await signUp({ workspaceName: "Cookie Co" });
    const ws = expectJson(await api<{ id: string; your_role: string }>("GET", "/api/v1/workspace", { cookie: s.cookie }), 200);
    expect([ws.id, ws.your_role]).toEqual([s.workspaceId, "owner"]);
    expect(expectJson(await api<ListBody<unknown>>("GET", "/api/v1/clients", { cookie: s.cookie }), 200).data).toEqual([]);

    const body = { name: "Cookie Client", currency: "EUR" };
    expectProblem(await api("POST", "/api/v1/clients", { cookie: s.cookie, body }), 403, "forbidden");
    expectProblem(
      await api("POST", "/api/v1/clients", { cookie: s.cookie, body, headers: { origin: "https://evil.example" } }),
      403,
      "forbidden",
    );
    expectProblem(await api("PATCH", "/api/v1/workspace", { cookie: s.cookie, body: { name: "CSRF" } }), 403, "forbidden");
    const count = async () =>
      Number((await owner<{ n: string }[]>`select count(*) as n from clients where workspace_id = ${s.workspaceId}`)[0]!.n);
    expect(await count()).toBe(0);

    const created = expectJson(
      await api<{ id: string }>("POST", "/api/v1/clients", { cookie: s.cookie, body, headers: { origin: "http://localhost:3000" } }),
      201,
    );
    expect(await count()).toBe(1);
    expectProblem(await api("DELETE", `/api/v1/clients/${created.id}`, { cookie: s.cookie }), 403, "forbidden");
    expect(
      (await api("DELETE", `/api/v1/clients/${created.id}`, { cookie: s.cookie, headers: { origin: "http://localhost:3000" } })).status,
    ).toBe(204);
  });
});
