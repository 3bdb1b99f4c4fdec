import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { now } from "@/lib/clock";
import { authRequest, ownerSql, signUp, type SignedUp } from "../../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, keyForUser, type ApiResult } from "../../support/api";

/**
 * Regression tests for issue 8 part 1: an Idempotency-Key replayed another caller's answer (an owner's
 * new API key secret to a member's key, an owner invitation link to a member's session). A replay
 * now comes only after authentication and the operation's permission, and only to the caller (API key,
 * or user of a session) that made the first request; stored answers are sealed.
 */
const owner = ownerSql();
afterAll(() => owner.end());

const APP = "http://localhost:3000";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

let fx: WorkspaceFixture;
let ownerKey: string;
let adminKey: string;
let memberKey: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "owner", "idem-who");
  ownerKey = await keyForUser(fx.owner.userId, fx.workspaceId, "owner");
  adminKey = await keyForUser(fx.adminUserId, fx.workspaceId, "admin");
  memberKey = await keyForUser(fx.owner.userId, fx.workspaceId, "member");
});

const keyIdOf = async (secret: string) =>
  (await owner<{ id: string }[]>`select id from api_keys where key_hash = ${sha256(secret)}`)[0]!.id;
const apiKeyCount = async () =>
  Number((await owner<{ n: string }[]>`select count(*) as n from api_keys where organization_id = ${fx.workspaceId}`)[0]!.n);
const storedRows = async (key: string) =>
  owner<{ principal: string; method: string; path: string; status: number | null; response_body: string | null }[]>`
    select principal, method, path, status, response_body from idempotency_keys where workspace_id = ${fx.workspaceId} and key = ${key} order by principal`;

function createKeyAs(token: string, idemKey: string, body: Record<string, unknown>): Promise<ApiResult<{ id: string; secret: string }>> {
  return api<{ id: string; secret: string }>("POST", "/api/v1/api-keys", { token, body, headers: { "idempotency-key": idemKey } });
}

describe("Idempotency-Key replays only to the caller that made the first request", () => {
  it("the reported attack: a member key re-sending the owner's request with the owner's key gets its own 403, never the owner's secret", async () => {
    const k1 = `k1-${randomUUID()}`;
    const body = { name: "ci deploy key", role: "owner" };
    const first = expectJson(await createKeyAs(ownerKey, k1, body), 201);
    expect(first.secret).toMatch(/^wl_live_/);
    const keysAfterFirst = await apiKeyCount();

    // Without the header: 403. With it: the same 403, run for the member, not a replay.
    expectProblem(await api("POST", "/api/v1/api-keys", { token: memberKey, body }), 403, "forbidden");
    for (let i = 0; i < 3; i++) {
      const attack = await createKeyAs(memberKey, k1, body);
      expectProblem(attack, 403, "forbidden");
      expect(attack.headers.get("idempotent-replayed")).toBeNull();
      expect(JSON.stringify(attack.body)).not.toContain(first.secret);
      expect(JSON.stringify(attack.body)).not.toContain(first.id);
    }
    expect(await apiKeyCount()).toBe(keysAfterFirst);
    // Refused before idempotency: nothing was stored for the member.
    expect((await storedRows(k1)).map((r) => r.principal)).toEqual([`api_key:${await keyIdOf(ownerKey)}`]);

    // The owner's own retry still replays.
    const again = await createKeyAs(ownerKey, k1, body);
    expect([again.status, again.headers.get("idempotent-replayed"), again.body]).toEqual([201, "true", first]);
    expect(await apiKeyCount()).toBe(keysAfterFirst);
  });

  it("another caller allowed to do the same gets its own fresh execution; each caller's retries replay its own answer", async () => {
    const k = `shared-${randomUUID()}`;
    const body = { name: "shared idempotency key", role: "member" };
    const mine = expectJson(await createKeyAs(ownerKey, k, body), 201);
    const theirs = await createKeyAs(adminKey, k, body);
    expect([theirs.status, theirs.headers.get("idempotent-replayed")]).toEqual([201, null]);
    expect(theirs.body.secret).not.toBe(mine.secret);
    expect(theirs.body.id).not.toBe(mine.id);
    const [ownerRow, adminRow] = await owner<
      { created_by: string }[]
    >`select created_by from api_keys where id in ${owner([mine.id, theirs.body.id])} order by created_by = ${fx.owner.userId} desc`;
    expect([ownerRow!.created_by, adminRow!.created_by]).toEqual([fx.owner.userId, fx.adminUserId]);
    for (let i = 0; i < 2; i++) {
      expect((await createKeyAs(ownerKey, k, body)).body).toEqual(mine);
      expect((await createKeyAs(adminKey, k, body)).body).toEqual(theirs.body);
    }
    expect((await storedRows(k)).map((r) => [r.principal, r.method, r.path, r.status])).toEqual(
      [
        [`api_key:${await keyIdOf(adminKey)}`, "POST", "/api/v1/api-keys", 201],
        [`api_key:${await keyIdOf(ownerKey)}`, "POST", "/api/v1/api-keys", 201],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it("a caller who lost the permission since the first request gets 403 on retry, not the stored answer", async () => {
    // A second admin with a key of their own; the owner demotes them after their first request.
    const adminUser = randomUUID();
    await owner`insert into users (id, name, email) values (${adminUser}, 'Second Admin', ${`second-admin-${adminUser.slice(0, 8)}@fixture.test`})`;
    await owner`insert into members (id, organization_id, user_id, role) values (${randomUUID()}, ${fx.workspaceId}, ${adminUser}, 'admin')`;
    const key = await keyForUser(adminUser, fx.workspaceId, "admin");
    const k = `demoted-${randomUUID()}`;
    const body = { email: `demoted-${randomUUID().slice(0, 8)}@idem.test`, role: "member" };
    const first = expectJson(
      await api<{ link: string }>("POST", "/api/v1/invitations", { token: key, body, headers: { "idempotency-key": k } }),
      201,
    );
    expectJson(await api("PATCH", `/api/v1/members/${adminUser}`, { token: ownerKey, body: { role: "member" } }), 200);
    const retry = await api("POST", "/api/v1/invitations", { token: key, body, headers: { "idempotency-key": k } });
    expectProblem(retry, 403, "forbidden");
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(JSON.stringify(retry.body)).not.toContain(first.link);
  });
});

describe("Idempotency-Key through the session cookie", () => {
  let ownerSession: SignedUp;
  let memberSession: SignedUp;
  let adminSession: SignedUp;
  const password = "correct horse battery";

  /** A signed-up user made a member of the owner's workspace with that workspace active in their session. */
  async function joinOwnersWorkspace(s: SignedUp, role: "admin" | "member"): Promise<void> {
    await owner`insert into members (id, organization_id, user_id, role) values (${randomUUID()}, ${ownerSession.workspaceId}, ${s.userId}, ${role})`;
    await owner`update sessions set active_organization_id = ${ownerSession.workspaceId} where id = ${s.sessionId}`;
  }
  const invite = (cookie: string, idemKey: string, body: Record<string, unknown>) =>
    api<{ id: string; link: string }>("POST", "/api/v1/invitations", {
      cookie,
      body,
      headers: { origin: APP, "idempotency-key": idemKey },
    });

  beforeAll(async () => {
    ownerSession = await signUp({ name: "Owner Olga", password });
    memberSession = await signUp({ name: "Member Max" });
    adminSession = await signUp({ name: "Admin Ada" });
    await joinOwnersWorkspace(memberSession, "member");
    await joinOwnersWorkspace(adminSession, "admin");
  });

  it("a member's session re-sending the owner's invitation request with the same key gets its own 403, never the owner link", async () => {
    const k = `inv-${randomUUID()}`;
    const body = { email: `cfo-${randomUUID().slice(0, 8)}@idem.test`, role: "owner" };
    const first = expectJson(await invite(ownerSession.cookie, k, body), 201);
    expect(first.link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const attack = await invite(memberSession.cookie, k, body);
    expectProblem(attack, 403, "forbidden");
    expect(attack.headers.get("idempotent-replayed")).toBeNull();
    expect(JSON.stringify(attack.body)).not.toContain(first.link.slice(-43));
    // An admin's session is refused too (an owner invitation is above their role): its own answer, not a replay.
    const admin = await invite(adminSession.cookie, k, body);
    expectProblem(admin, 403, "forbidden");
    expect(admin.headers.get("idempotent-replayed")).toBeNull();
    expect(JSON.stringify(admin.body)).not.toContain(first.link.slice(-43));
    const [pending] = await owner<
      { n: string }[]
    >`select count(*) as n from invitations where organization_id = ${ownerSession.workspaceId} and email = ${body.email} and status = 'pending'`;
    expect(pending!.n).toBe("1");
  });

  it("the same user replays after signing in again (a new session); another user allowed to invite gets a fresh execution", async () => {
    const k = `inv-relogin-${randomUUID()}`;
    const body = { email: `guest-${randomUUID().slice(0, 8)}@idem.test`, role: "member" };
    const first = expectJson(await invite(ownerSession.cookie, k, body), 201);
    const signIn = await authRequest("/sign-in/email", { body: { email: ownerSession.email, password } });
    expect(signIn.status).toBe(200);
    expect(signIn.cookie).not.toBe(ownerSession.cookie);
    const replay = await invite(signIn.cookie, k, body);
    expect([replay.status, replay.headers.get("idempotent-replayed"), replay.body]).toEqual([201, "true", first]);

    const fresh = await invite(adminSession.cookie, k, body);
    expect([fresh.status, fresh.headers.get("idempotent-replayed")]).toEqual([201, null]);
    expect(fresh.body.link).not.toBe(first.link);
    const principals = await owner<
      { principal: string }[]
    >`select principal from idempotency_keys where workspace_id = ${ownerSession.workspaceId} and key = ${k} order by principal`;
    expect(principals.map((r) => r.principal).sort()).toEqual([`user:${adminSession.userId}`, `user:${ownerSession.userId}`].sort());
  });
});

describe("stored answers at rest", () => {
  it("are sealed: the row holds neither the secret nor any of the answer's text, and a row moved to another caller does not open", async () => {
    const k = `sealed-${randomUUID()}`;
    const body = { name: "sealed answer", role: "member" };
    const created = expectJson(await createKeyAs(ownerKey, k, body), 201);
    const keys = await apiKeyCount();
    const [row] = await storedRows(k);
    expect(row!.response_body).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    for (const text of [created.secret, created.secret.slice(12), created.id, "sealed answer"])
      expect(row!.response_body).not.toContain(text);

    // Re-labelled as the admin key's answer (as someone with write access to the table might): it does not open for the admin.
    await owner`update idempotency_keys set principal = ${`api_key:${await keyIdOf(adminKey)}`} where workspace_id = ${fx.workspaceId} and key = ${k}`;
    const moved = await createKeyAs(adminKey, k, body);
    expectProblem(moved, 409, "conflict");
    expect(JSON.stringify(moved.body)).not.toContain(created.secret);
    expect(await apiKeyCount()).toBe(keys);
  });

  it("answers older than 24 hours are deleted by the workspace's next idempotent request", async () => {
    const old = new Date(now().getTime() - 25 * 3600 * 1000).toISOString();
    const recent = new Date(now().getTime() - 23 * 3600 * 1000).toISOString();
    const [stale, kept] = [`stale-${randomUUID()}`, `kept-${randomUUID()}`];
    for (const [key, at] of [
      [stale, old],
      [kept, recent],
    ] as const) {
      await owner`insert into idempotency_keys (workspace_id, principal, method, path, key, request_hash, status, response_body, created_at)
                  values (${fx.workspaceId}, 'user:someone', 'POST', '/api/v1/clients', ${key}, 'x', 201, 'v1.x.y', ${at}::timestamptz)`;
    }
    expectJson(
      await api("POST", "/api/v1/clients", {
        token: ownerKey,
        body: { name: "Purge trigger", currency: "EUR" },
        headers: { "idempotency-key": randomUUID() },
      }),
      201,
    );
    const left = await owner<
      { key: string }[]
    >`select key from idempotency_keys where workspace_id = ${fx.workspaceId} and key in ${owner([stale, kept])}`;
    expect(left.map((r) => r.key)).toEqual([kept]);
  });
});
