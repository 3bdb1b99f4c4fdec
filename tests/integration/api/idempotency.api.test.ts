import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, keyFor } from "../../support/api";

/** Idempotency-Key on POST: replay, mismatch, per-workspace scope, replayed errors, concurrent duplicates. */
const owner = ownerSql();
afterAll(() => owner.end());

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let token: string;
let otherToken: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "idem");
  other = await workspaceFixture(owner, "owner", "idem-other");
  token = await keyFor(fx.actor, "admin");
  otherToken = await keyFor(other.owner, "admin");
});

const clientsNamed = async (workspaceId: string, name: string) =>
  Number((await owner<{ n: string }[]>`select count(*) as n from clients where workspace_id = ${workspaceId} and name = ${name}`)[0]!.n);
const post = (key: string, body: unknown, t = token) =>
  api<Record<string, unknown>>("POST", "/api/v1/clients", { token: t, body, headers: { "idempotency-key": key } });

describe("Idempotency-Key", () => {
  it("the same key and body replay the first answer (status, body, Idempotent-Replayed: true) and create one row", async () => {
    const key = randomUUID();
    const body = { name: `Idem ${key}`, currency: "EUR" };
    const first = await post(key, body);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    for (let i = 0; i < 3; i++) {
      const again = await post(key, body);
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.headers.get("content-type")).toMatch(/^application\/json/);
      expect(again.body).toEqual(first.body);
    }
    expect(await clientsNamed(fx.workspaceId, body.name)).toBe(1);
    const events = await owner<
      { n: string }[]
    >`select count(*) as n from audit_events where workspace_id = ${fx.workspaceId} and action = 'client.created' and target_id = ${String(first.body.id)}`;
    expect(events[0]!.n).toBe("1");
  });

  it("the same key with another body (or another query) is 422 and creates nothing", async () => {
    const key = randomUUID();
    const body = { name: `Mismatch ${key}`, currency: "EUR" };
    expect((await post(key, body)).status).toBe(201);
    const changed = { ...body, currency: "USD" };
    expectProblem(await post(key, changed), 422, "validation_failed");
    expectProblem(await api("POST", "/api/v1/clients?x=1", { token, body, headers: { "idempotency-key": key } }), 422, "validation_failed");
    expect(await clientsNamed(fx.workspaceId, body.name)).toBe(1);
  });

  it("a key is scoped to its method and path: the same key on another operation runs that operation afresh", async () => {
    const key = randomUUID();
    const body = { name: `Path ${key}`, currency: "EUR" };
    expect((await post(key, body)).status).toBe(201);
    const rate = await api<{ id: string }>("POST", "/api/v1/tax-rates", {
      token,
      body: { name: `Rate ${key}`, rate: "5" },
      headers: { "idempotency-key": key },
    });
    expect([rate.status, rate.headers.get("idempotent-replayed")]).toEqual([201, null]);
    const [rates] = await owner<
      { n: string }[]
    >`select count(*) as n from tax_rates where workspace_id = ${fx.workspaceId} and name = ${`Rate ${key}`}`;
    expect(rates!.n).toBe("1");
    // Each stays bound to its own request.
    expect((await post(key, body)).headers.get("idempotent-replayed")).toBe("true");
    expect(
      (await api("POST", "/api/v1/tax-rates", { token, body: { name: `Rate ${key}`, rate: "5" }, headers: { "idempotency-key": key } }))
        .body,
    ).toEqual(rate.body);
  });

  it("a key is scoped to its workspace: the same key and body in another workspace act independently", async () => {
    const key = randomUUID();
    const body = { name: `Scoped ${key}`, currency: "EUR" };
    const mine = await post(key, body);
    const theirs = await post(key, body, otherToken);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await clientsNamed(fx.workspaceId, body.name)).toBe(1);
    expect(await clientsNamed(other.workspaceId, body.name)).toBe(1);
    // And a replay in each workspace gives back that workspace's own answer.
    expect((await post(key, body, otherToken)).body).toEqual(theirs.body);
    expect((await post(key, body)).body).toEqual(mine.body);
  });

  it("a 4xx first answer is stored and replayed too (and the key stays bound to that request)", async () => {
    const key = randomUUID();
    const body = { name: `Bad ${key}`, currency: "XYZ" };
    const first = await post(key, body);
    expectProblem(first, 422, "validation_failed");
    const again = await post(key, body);
    expectProblem(again, 422, "validation_failed");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    // Fixing the body needs a new key: with the old one it is a different request.
    expectProblem(await post(key, { ...body, currency: "EUR" }), 422, "validation_failed");
    expect(await clientsNamed(fx.workspaceId, body.name)).toBe(0);

    const shapeKey = randomUUID();
    const shape = await post(shapeKey, { name: "X", currency: "EUR", colour: "red" });
    expectProblem(shape, 400, "bad_request");
    const shapeAgain = await post(shapeKey, { name: "X", currency: "EUR", colour: "red" });
    expect([shapeAgain.status, shapeAgain.headers.get("idempotent-replayed")]).toEqual([400, "true"]);
  });

  it("concurrent duplicates (5 at once, one key) create exactly one row; the others are replays or 409", async () => {
    for (let round = 0; round < 3; round++) {
      const key = randomUUID();
      const body = { name: `Race ${key}`, currency: "EUR" };
      const results = await Promise.all(Array.from({ length: 5 }, () => post(key, body)));
      const fresh = results.filter((r) => r.status === 201 && r.headers.get("idempotent-replayed") === null);
      const replays = results.filter((r) => r.status === 201 && r.headers.get("idempotent-replayed") === "true");
      const conflicts = results.filter((r) => r.status === 409);
      expect(fresh).toHaveLength(1);
      expect(replays.length + conflicts.length).toBe(4);
      for (const r of replays) expect(r.body).toEqual(fresh[0]!.body);
      for (const r of conflicts) expectProblem(r, 409, "conflict");
      expect(await clientsNamed(fx.workspaceId, body.name)).toBe(1);
      // Once the first has finished, every retry is a replay.
      const later = await post(key, body);
      expect([later.status, later.headers.get("idempotent-replayed"), later.body]).toEqual([201, "true", fresh[0]!.body]);
    }
  });

  it("refuses a malformed key (400) and ignores the header on non-POST methods", async () => {
    for (const bad of ["x".repeat(256), "has space", "ünïcode"]) {
      const res = await api("POST", "/api/v1/clients", {
        token,
        body: { name: "Never", currency: "EUR" },
        headers: { "idempotency-key": bad },
      });
      expectProblem(res, 400, "bad_request");
    }
    expect(await clientsNamed(fx.workspaceId, "Never")).toBe(0);
    const key = randomUUID();
    const a = expectJson(
      await api<{ name: string }>("PATCH", `/api/v1/clients/${fx.clientId}`, {
        token,
        body: { notes: "one" },
        headers: { "idempotency-key": key },
      }),
      200,
    );
    const b = await api<{ notes: string }>("PATCH", `/api/v1/clients/${fx.clientId}`, {
      token,
      body: { notes: "two" },
      headers: { "idempotency-key": key },
    });
    expect([a.name, b.status, b.body.notes, b.headers.get("idempotent-replayed")]).toEqual(["Fixture Client", 200, "two", null]);
  });
});
