import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, keyFor, type ListBody } from "../../support/api";

/** GET /api/v1/audit-events: shape, filter, paging parameters, only this workspace's events. */
const owner = ownerSql();
afterAll(() => owner.end());

interface AuditBody {
  id: string;
  action: string;
  actor_user_id: string | null;
  actor_label: string;
  target_type: string;
  target_id: string | null;
  detail: Record<string, unknown>;
  created_at: string;
}

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "audit");
  other = await workspaceFixture(owner, "owner", "audit-other");
  token = await keyFor(fx.actor, "admin");
  // Activity in both workspaces, so that a leak would show.
  await keyFor(other.owner, "admin");
  expect((await api("POST", "/api/v1/clients", { token, body: { name: "Audited", currency: "EUR" } })).status).toBe(201);
});

describe("GET /api/v1/audit-events", () => {
  it("lists exactly this workspace's events, newest first, with exactly these fields", async () => {
    const list = expectJson(await api<ListBody<AuditBody>>("GET", "/api/v1/audit-events", { token }), 200);
    const rows = await owner<
      { id: string }[]
    >`select id from audit_events where workspace_id = ${fx.workspaceId} order by created_at desc, id desc`;
    expect(rows).toHaveLength(2);
    expect(list.data.map((e) => e.id)).toEqual(rows.map((r) => r.id));
    expect(list.data.map((e) => e.action)).toEqual(["client.created", "api_key.created"]);
    for (const e of list.data)
      expect(Object.keys(e).sort()).toEqual([
        "action",
        "actor_label",
        "actor_user_id",
        "created_at",
        "detail",
        "id",
        "target_id",
        "target_type",
      ]);
    const [created] = list.data;
    expect(created).toMatchObject({
      action: "client.created",
      actor_user_id: fx.actor.userId,
      target_type: "client",
      detail: { name: "Audited" },
    });
    expect(created!.actor_label).toMatch(/^API key "test key admin" \(wl_live_[A-Za-z0-9_-]{4}…\)$/);
  });

  it("filters by action", async () => {
    const list = expectJson(await api<ListBody<AuditBody>>("GET", "/api/v1/audit-events?action=api_key.created", { token }), 200);
    expect(list.data.map((e) => e.action)).toEqual(["api_key.created"]);
  });

  it("answers 400 to an unknown action, a limit over 100 and a garbage cursor", async () => {
    expectProblem(await api("GET", "/api/v1/audit-events?action=client.stolen", { token }), 400, "bad_request");
    expectProblem(await api("GET", "/api/v1/audit-events?limit=101", { token }), 400, "bad_request");
    const cursor = expectProblem(await api("GET", "/api/v1/audit-events?cursor=not-a-cursor", { token }), 400, "bad_request");
    expect(cursor.errors).toEqual({ cursor: ["Not a cursor from this API"] });
  });
});
