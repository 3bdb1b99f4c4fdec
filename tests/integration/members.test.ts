import { afterAll, describe, expect, it } from "vitest";
import { outcomeOf } from "../support/outcome";
import * as members from "@/modules/members/members.service";
import { resolveTenant } from "@/modules/workspaces/workspaces.service";
import { asUserId } from "@/lib/ids";
import { now } from "@/lib/clock";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture } from "../support/fixtures";

const owner = ownerSql();
afterAll(() => owner.end());

async function roleOf(workspaceId: string, userId: string) {
  const [row] = await owner<{ role: string }[]>`select role from members where organization_id = ${workspaceId} and user_id = ${userId}`;
  return row?.role ?? null;
}

async function auditActions(workspaceId: string) {
  const rows = await owner<
    { action: string }[]
  >`select action from audit_events where workspace_id = ${workspaceId} order by created_at, id`;
  return rows.map((r) => r.action);
}

describe("roles: no escalation", () => {
  it("an admin cannot grant owner, touch an owner or another admin, or remove them", async () => {
    const fx = await workspaceFixture(owner, "admin");
    const ownerId = fx.owner.userId;
    expect(await outcomeOf(members.changeMemberRole(fx.actor, fx.memberUserId, { role: "owner" }))).toBe("forbidden");
    expect(await outcomeOf(members.changeMemberRole(fx.actor, fx.actor.userId, { role: "owner" }))).toBe("forbidden");
    expect(await outcomeOf(members.changeMemberRole(fx.actor, ownerId, { role: "member" }))).toBe("forbidden");
    expect(await outcomeOf(members.changeMemberRole(fx.actor, fx.adminUserId, { role: "member" }))).toBe("forbidden");
    expect(await outcomeOf(members.removeMember(fx.actor, ownerId))).toBe("forbidden");
    expect(await outcomeOf(members.removeMember(fx.actor, fx.adminUserId))).toBe("forbidden");
    expect([
      await roleOf(fx.workspaceId, ownerId),
      await roleOf(fx.workspaceId, fx.adminUserId),
      await roleOf(fx.workspaceId, fx.memberUserId),
    ]).toEqual(["owner", "admin", "member"]);
    expect(await auditActions(fx.workspaceId)).toEqual([]);
  });

  it("an admin may promote a member to admin and remove a member; each is audited", async () => {
    const fx = await workspaceFixture(owner, "admin");
    expect(await outcomeOf(members.changeMemberRole(fx.actor, fx.memberUserId, { role: "admin" }))).toBe("ok");
    expect(await roleOf(fx.workspaceId, fx.memberUserId)).toBe("admin");
    const fx2 = await workspaceFixture(owner, "admin");
    expect(await outcomeOf(members.removeMember(fx2.actor, fx2.memberUserId))).toBe("ok");
    expect(await roleOf(fx2.workspaceId, fx2.memberUserId)).toBeNull();
    expect(await auditActions(fx.workspaceId)).toEqual(["member.role_changed"]);
    expect(await auditActions(fx2.workspaceId)).toEqual(["member.removed"]);
  });

  it("refuses unknown roles", async () => {
    const fx = await workspaceFixture(owner, "owner");
    expect(await outcomeOf(members.changeMemberRole(fx.actor, fx.memberUserId, { role: "superadmin" as "admin" }))).toBe(
      "validation_failed",
    );
    expect(await outcomeOf(members.changeMemberRole(fx.actor, "no-such-user", { role: "admin" }))).toBe("not_found");
  });
});

describe("the last owner", () => {
  it("can neither leave nor be demoted; with a second owner both work", async () => {
    const fx = await workspaceFixture(owner, "admin");
    const sole = fx.owner;
    expect(await outcomeOf(members.leaveWorkspace(sole))).toBe("conflict");
    expect(await outcomeOf(members.changeMemberRole(sole, sole.userId, { role: "admin" }))).toBe("conflict");
    expect(await roleOf(fx.workspaceId, sole.userId)).toBe("owner");
    expect(await outcomeOf(members.changeMemberRole(sole, fx.memberUserId, { role: "owner" }))).toBe("ok");
    expect(await outcomeOf(members.changeMemberRole(sole, sole.userId, { role: "admin" }))).toBe("ok");
    expect(await roleOf(fx.workspaceId, sole.userId)).toBe("admin");
  });

  it("two owners leaving at the same moment: exactly one may go", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const results = await Promise.all([outcomeOf(members.leaveWorkspace(fx.owner)), outcomeOf(members.leaveWorkspace(fx.actor))]);
    expect(results.sort()).toEqual(["conflict", "ok"]);
    const [row] = await owner<
      { n: number }[]
    >`select count(*)::int as n from members where organization_id = ${fx.workspaceId} and role = 'owner'`;
    expect(row!.n).toBe(1);
  });

  it("ownership transfer swaps both roles in one step", async () => {
    const fx = await workspaceFixture(owner, "admin");
    expect(await outcomeOf(members.transferOwnership(fx.owner, { userId: fx.memberUserId }))).toBe("ok");
    expect(await roleOf(fx.workspaceId, fx.memberUserId)).toBe("owner");
    expect(await roleOf(fx.workspaceId, fx.owner.userId)).toBe("admin");
    expect(await auditActions(fx.workspaceId)).toEqual(["workspace.transferred"]);
    // The former owner's next request carries the new role, and can no longer transfer.
    const next = await resolveTenant(fx.owner.userId, fx.workspaceId);
    expect(next.role).toBe("admin");
    expect(await outcomeOf(members.transferOwnership(next, { userId: fx.adminUserId }))).toBe("forbidden");
    // Handing ownership to someone who already owns it is refused rather than silently demoting the caller.
    const twoOwners = await workspaceFixture(owner, "owner");
    expect(await outcomeOf(members.transferOwnership(twoOwners.actor, { userId: twoOwners.owner.userId }))).toBe("conflict");
    expect(await roleOf(twoOwners.workspaceId, twoOwners.actor.userId)).toBe("owner");
  });
});

describe("removal takes effect on the next request", () => {
  it("a removed member's role is gone and their sessions no longer point at the workspace", async () => {
    const fx = await workspaceFixture(owner, "owner");
    await owner`insert into sessions (id, token, user_id, expires_at, active_organization_id)
                values (${crypto.randomUUID()}, ${crypto.randomUUID()}, ${fx.memberUserId}, ${now().toISOString()}::timestamptz + interval '1 day', ${fx.workspaceId})`;
    expect((await resolveTenant(asUserId(fx.memberUserId), fx.workspaceId)).role).toBe("member");
    await members.removeMember(fx.owner, fx.memberUserId);
    expect(await outcomeOf(resolveTenant(asUserId(fx.memberUserId), fx.workspaceId))).toBe("not_found");
    const [s] = await owner<
      { n: number }[]
    >`select count(*)::int as n from sessions where user_id = ${fx.memberUserId} and active_organization_id is not null`;
    expect(s!.n).toBe(0);
  });
});
