import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, keyFor, keyForUser, type ListBody } from "../../support/api";

/** GET /api/v1/members, PATCH and DELETE /api/v1/members/{user_id}. */
const owner = ownerSql();
afterAll(() => owner.end());

interface MemberBody {
  user_id: string;
  name: string;
  email: string;
  role: string;
  joined_at: string;
}

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let ownerKey: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "members");
  other = await workspaceFixture(owner, "owner", "members-other");
  ownerKey = await keyForUser(fx.owner.userId, fx.workspaceId, "owner");
});

const roleOf = async (userId: string) =>
  (await owner<{ role: string }[]>`select role from members where organization_id = ${fx.workspaceId} and user_id = ${userId}`)[0]?.role;

describe("members: success shapes", () => {
  it("GET /members lists every member by joining date with exactly these fields", async () => {
    const list = expectJson(await api<ListBody<MemberBody>>("GET", "/api/v1/members", { token: ownerKey }), 200);
    expect(list.next_cursor).toBeNull();
    // Joining order as the API sees it: the timestamp to the millisecond, then the user id.
    const order = await owner<{ user_id: string; role: string }[]>`
      select user_id, role from members where organization_id = ${fx.workspaceId} order by date_trunc('milliseconds', created_at), user_id`;
    expect(list.data.map((m) => [m.user_id, m.role])).toEqual(order.map((r) => [r.user_id, r.role]));
    expect(list.data.map((m) => m.role).sort()).toEqual(["admin", "admin", "member", "owner"]);
    for (const m of list.data) {
      expect(Object.keys(m).sort()).toEqual(["email", "joined_at", "name", "role", "user_id"]);
      expect(m.email).toMatch(/@fixture\.test$/);
    }
    const page = expectJson(await api<ListBody<MemberBody>>("GET", "/api/v1/members?limit=3", { token: ownerKey }), 200);
    expect(page.data).toHaveLength(3);
    const rest = expectJson(
      await api<ListBody<MemberBody>>("GET", `/api/v1/members?limit=3&cursor=${page.next_cursor}`, { token: ownerKey }),
      200,
    );
    expect(rest.data.map((m) => m.user_id)).toEqual([order[3]!.user_id]);
    expect(rest.next_cursor).toBeNull();
  });

  it("PATCH /members/{user_id} changes a role (200, the member back) and records one audit event", async () => {
    const changed = expectJson(
      await api<MemberBody>("PATCH", `/api/v1/members/${fx.memberUserId}`, { token: ownerKey, body: { role: "admin" } }),
      200,
    );
    expect(changed).toMatchObject({ user_id: fx.memberUserId, role: "admin" });
    expect(await roleOf(fx.memberUserId)).toBe("admin");
    const back = expectJson(
      await api<MemberBody>("PATCH", `/api/v1/members/${fx.memberUserId}`, { token: ownerKey, body: { role: "member" } }),
      200,
    );
    expect(back.role).toBe("member");
    const [n] = await owner<
      { n: string }[]
    >`select count(*) as n from audit_events where workspace_id = ${fx.workspaceId} and action = 'member.role_changed' and target_id = ${fx.memberUserId}`;
    expect(n!.n).toBe("2");
  });

  it("the last owner cannot be demoted (409) and nobody removes themselves through DELETE (409)", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    expectProblem(await api("PATCH", `/api/v1/members/${fx.owner.userId}`, { token: ownerKey, body: { role: "admin" } }), 409, "conflict");
    expectProblem(await api("DELETE", `/api/v1/members/${fx.owner.userId}`, { token: ownerKey }), 409, "conflict");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("DELETE /members/{user_id} removes a member (204), then 404", async () => {
    const adminKey = await keyFor(fx.actor, "admin");
    const res = await api("DELETE", `/api/v1/members/${fx.memberUserId}`, { token: adminKey });
    expect([res.status, res.body]).toEqual([204, null]);
    expect(await roleOf(fx.memberUserId)).toBeUndefined();
    expectProblem(await api("DELETE", `/api/v1/members/${fx.memberUserId}`, { token: adminKey }), 404, "not_found");
    expectProblem(
      await api("PATCH", `/api/v1/members/${fx.memberUserId}`, { token: adminKey, body: { role: "member" } }),
      404,
      "not_found",
    );
    expect(expectJson(await api<ListBody<MemberBody>>("GET", "/api/v1/members", { token: adminKey }), 200).data).toHaveLength(3);
  });
});

describe("members: validation", () => {
  it("answers 400 to an unknown role, unknown fields and wrong types", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    for (const body of [{ role: "superuser" }, { role: "admin", user_id: fx.adminUserId }, { role: 1 }, {}]) {
      expectProblem(await api("PATCH", `/api/v1/members/${fx.adminUserId}`, { token: ownerKey, body }), 400, "bad_request");
    }
    expectProblem(await api("GET", "/api/v1/members?limit=101", { token: ownerKey }), 400, "bad_request");
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

describe("members: another workspace's users", () => {
  it("answer 404 to PATCH and DELETE, and the other workspace is unchanged", async () => {
    const before = await workspaceSnapshot(owner, other.workspaceId);
    for (const userId of [other.memberUserId, other.adminUserId, other.owner.userId, other.actor.userId]) {
      expectProblem(await api("PATCH", `/api/v1/members/${userId}`, { token: ownerKey, body: { role: "member" } }), 404, "not_found");
      expectProblem(await api("DELETE", `/api/v1/members/${userId}`, { token: ownerKey }), 404, "not_found");
    }
    expect(await workspaceSnapshot(owner, other.workspaceId)).toEqual(before);
  });
});
