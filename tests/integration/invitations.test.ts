import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { outcomeOf } from "../support/outcome";
import { AppError } from "@/platform/errors";
import { now, setClockForTests } from "@/lib/clock";
import { asUserId } from "@/lib/ids";
import { resetRateLimitsForTests } from "@/platform/rate-limit";
import * as invitations from "@/modules/invitations/invitations.service";
import { resolveTenant } from "@/modules/workspaces/workspaces.service";
import { ownerSql, signUp, uniqueEmail } from "../support/auth-client";
import { newTenant } from "../support/tenants";
import { workspaceFixture } from "../support/fixtures";

const owner = ownerSql();
afterAll(() => owner.end());
afterEach(async () => {
  setClockForTests(null);
  await resetRateLimitsForTests();
});

let ip = 0;
const meta = () => ({ ip: `192.0.2.${++ip % 250}` });
const tokenOf = (link: string) => link.split("/invite/")[1]!;

async function membershipCount(workspaceId: string, userId: string) {
  const [row] = await owner<
    { n: number }[]
  >`select count(*)::int as n from members where organization_id = ${workspaceId} and user_id = ${userId}`;
  return row!.n;
}

/** An inviting owner and a signed-up invitee (their own workspace aside), plus a fresh invitation. */
async function invited(email = uniqueEmail("invitee")) {
  const inviter = await newTenant("Inviting Co");
  const invitee = await signUp({ email, workspaceName: "Invitee's own" });
  // These tests are about invitations: the invitee has confirmed their address (see email-verification.test.ts).
  await owner`update users set email_verified = true where id = ${invitee.userId}`;
  const sent = await invitations.createInvitation(inviter, { email, role: "member" }, meta());
  const user = { userId: asUserId(invitee.userId), sessionId: invitee.sessionId, name: "Test User", email: invitee.email };
  return { inviter, invitee, sent, user, token: tokenOf(sent.link) };
}

describe("invitation secrets", () => {
  it("puts a 256-bit token only in the link and stores its hash", async () => {
    const { inviter, sent, token } = await invited();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.link).toBe(`http://localhost:3000/invite/${token}`);
    const rows = await owner`select * from invitations where organization_id = ${inviter.workspaceId}`;
    expect(rows.length).toBe(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.token_hash).toBe(invitations.hashToken(token));
    const days = (new Date(rows[0]!.expires_at as string).getTime() - now().getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it("shows the public page data for a live token and 404 for unknown or malformed ones", async () => {
    const { inviter, token } = await invited();
    const view = await invitations.getInvitationByToken(token, meta());
    expect(view).toMatchObject({ workspaceName: "Inviting Co", role: "member", state: "pending" });
    expect(view.inviterName).toBe("Test User");
    expect(await outcomeOf(invitations.getInvitationByToken("x".repeat(43), meta()))).toBe("not_found");
    expect(await outcomeOf(invitations.getInvitationByToken("'; drop table invitations;--", meta()))).toBe("not_found");
    expect(inviter.workspaceId).toBeTruthy();
  });
});

describe("accepting", () => {
  it("creates the membership, consumes the invitation, activates the workspace and audits it", async () => {
    const { inviter, invitee, user, token } = await invited();
    const res = await invitations.acceptInvitation(user, token, meta());
    expect(res).toEqual({ workspaceId: inviter.workspaceId, alreadyMember: false });
    expect(await membershipCount(inviter.workspaceId, invitee.userId)).toBe(1);
    const ctx = await resolveTenant(user.userId, inviter.workspaceId);
    expect(ctx.role).toBe("member");
    const [s] = await owner<{ a: string }[]>`select active_organization_id as a from sessions where id = ${invitee.sessionId}`;
    expect(s!.a).toBe(inviter.workspaceId);
    const audit = await owner<
      { action: string }[]
    >`select action from audit_events where workspace_id = ${inviter.workspaceId} order by created_at`;
    expect(audit.map((a) => a.action)).toEqual(["member.invited", "member.joined"]);
    // Used: a second accept (or the page) answers gone.
    expect(await outcomeOf(invitations.acceptInvitation(user, token, meta()))).toBe("gone");
    expect((await invitations.getInvitationByToken(token, meta())).state).toBe("accepted");
  });

  it("matches the invited email case-insensitively and refuses anyone else", async () => {
    const email = uniqueEmail("CaseMix").replace("casemix", "CaseMix");
    const { inviter, invitee, user, token } = await invited(email.toLowerCase());
    const intruder = await signUp({ workspaceName: "Intruder" });
    await owner`update users set email_verified = true where id = ${intruder.userId}`;
    const err = await invitations
      .acceptInvitation(
        { userId: asUserId(intruder.userId), sessionId: intruder.sessionId, name: "X", email: intruder.email },
        token,
        meta(),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
    expect((err as AppError).message).toContain(intruder.email);
    expect(await membershipCount(inviter.workspaceId, intruder.userId)).toBe(0);
    expect(await outcomeOf(invitations.acceptInvitation({ ...user, email: user.email.toUpperCase() }, token, meta()))).toBe("ok");
    expect(await membershipCount(inviter.workspaceId, invitee.userId)).toBe(1);
  });

  it("expires after 7 days (410 with a message that says so), and resend revives it with a new link", async () => {
    const { inviter, user, token, sent } = await invited();
    const start = now().getTime();
    setClockForTests(() => new Date(start + 7 * 86_400_000 + 1_000));
    const view = await invitations.getInvitationByToken(token, meta());
    expect(view.state).toBe("expired");
    const err = (await invitations.acceptInvitation(user, token, meta()).catch((e: unknown) => e)) as AppError;
    expect([err.code, err.status]).toEqual(["gone", 410]);
    expect(err.message).toMatch(/expired/);
    expect((await invitations.listInvitations(inviter)).map((i) => i.state)).toEqual(["expired"]);
    const resent = await invitations.resendInvitation(inviter, sent.id, meta());
    expect(resent.link).not.toBe(sent.link);
    expect((await invitations.getInvitationByToken(token, meta())).state).toBe("replaced");
    expect(await outcomeOf(invitations.acceptInvitation(user, token, meta()))).toBe("gone");
    expect(await outcomeOf(invitations.acceptInvitation(user, tokenOf(resent.link), meta()))).toBe("ok");
  });

  it("two concurrent accepts of one token create exactly one membership", async () => {
    const { inviter, invitee, user, token } = await invited();
    const results = await Promise.all(Array.from({ length: 8 }, () => outcomeOf(invitations.acceptInvitation(user, token, meta()))));
    expect(results.filter((r) => r === "ok").length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r === "ok" || r === "gone")).toBe(true);
    expect(await membershipCount(inviter.workspaceId, invitee.userId)).toBe(1);
    const joined = await owner<
      { n: number }[]
    >`select count(*)::int as n from audit_events where workspace_id = ${inviter.workspaceId} and action = 'member.joined'`;
    expect(joined[0]!.n).toBe(1);
  });

  it("accepting when already a member is a no-op", async () => {
    const { inviter, invitee, user, token } = await invited();
    await owner`insert into members (id, organization_id, user_id, role) values (${crypto.randomUUID()}, ${inviter.workspaceId}, ${invitee.userId}, 'admin')`;
    expect(await invitations.acceptInvitation(user, token, meta())).toEqual({ workspaceId: inviter.workspaceId, alreadyMember: true });
    const [row] = await owner<
      { role: string }[]
    >`select role from members where organization_id = ${inviter.workspaceId} and user_id = ${invitee.userId}`;
    expect(row!.role).toBe("admin");
  });
});

describe("managing invitations", () => {
  it("re-inviting an email replaces its pending invitation; the old link dies", async () => {
    const { inviter, token } = await invited("replace-me@example.test".replace("replace-me", `replace-${randomUUID().slice(0, 8)}`));
    const email = (await invitations.getInvitationByToken(token, meta())).email;
    const again = await invitations.createInvitation(inviter, { email: email.toUpperCase(), role: "admin" }, meta());
    const rows = await owner`select role, status from invitations where organization_id = ${inviter.workspaceId} order by created_at`;
    expect(rows.map((r) => [r.role, r.status])).toEqual([
      ["member", "replaced"],
      ["admin", "pending"],
    ]);
    expect((await invitations.getInvitationByToken(token, meta())).state).toBe("replaced");
    const err = (await invitations
      .acceptInvitation({ userId: asUserId(inviter.userId), sessionId: "x", name: "x", email }, token, meta())
      .catch((e: unknown) => e)) as AppError;
    expect([err.code, err.message]).toEqual(["gone", expect.stringContaining("replaced by a newer one")]);
    expect((await invitations.getInvitationByToken(tokenOf(again.link), meta())).role).toBe("admin");
  });

  it("revoke kills the link", async () => {
    const { inviter, user, token, sent } = await invited();
    await invitations.revokeInvitation(inviter, sent.id);
    expect(await outcomeOf(invitations.acceptInvitation(user, token, meta()))).toBe("gone");
    expect(await invitations.listInvitations(inviter)).toEqual([]);
    expect(await outcomeOf(invitations.revokeInvitation(inviter, sent.id))).toBe("conflict");
  });

  it("refuses inviting an existing member, a role above one's own, and a malformed email", async () => {
    const fx = await workspaceFixture(owner, "admin");
    const [m] = await owner<{ email: string }[]>`select email from users where id = ${fx.memberUserId}`;
    expect(await outcomeOf(invitations.createInvitation(fx.actor, { email: m!.email, role: "member" }, meta()))).toBe("conflict");
    expect(await outcomeOf(invitations.createInvitation(fx.actor, { email: uniqueEmail(), role: "owner" }, meta()))).toBe("forbidden");
    expect(await outcomeOf(invitations.createInvitation(fx.actor, { email: "not an email", role: "member" }, meta()))).toBe(
      "validation_failed",
    );
    const [row] = await owner<{ n: number }[]>`select count(*)::int as n from invitations where organization_id = ${fx.workspaceId}`;
    expect(row!.n).toBe(1); // only the fixture's own invitation
    const audit = await owner`select 1 from audit_events where workspace_id = ${fx.workspaceId}`;
    expect(audit.length).toBe(0);
  });

  it("a workspace's invitation ids mean nothing in another workspace", async () => {
    const a = await workspaceFixture(owner, "owner");
    const b = await workspaceFixture(owner, "owner");
    expect(await outcomeOf(invitations.revokeInvitation(a.actor, b.invitationId))).toBe("not_found");
    expect(await outcomeOf(invitations.resendInvitation(a.actor, b.invitationId, meta()))).toBe("not_found");
    const [row] = await owner<{ status: string }[]>`select status from invitations where id = ${b.invitationId}`;
    expect(row!.status).toBe("pending");
  });
});

describe("rate limits", () => {
  it("caps invitations per workspace", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const results: string[] = [];
    for (let i = 0; i < 52; i++)
      results.push(
        await outcomeOf(
          invitations.createInvitation(fx.actor, { email: `bulk${i}-${fx.workspaceId.slice(0, 6)}@x.test`, role: "member" }, meta()),
        ),
      );
    expect(results.slice(0, 50).every((r) => r === "ok")).toBe(true);
    expect(results.slice(50)).toEqual(["rate_limited", "rate_limited"]);
  });

  it("answers 429 to token guessing from one address long before it could succeed", async () => {
    const attacker = { ip: "203.0.113.66" };
    const results: string[] = [];
    for (let i = 0; i < 25; i++)
      results.push(await outcomeOf(invitations.getInvitationByToken(`${"a".repeat(40)}${String(i).padStart(3, "0")}`, attacker)));
    expect(results.slice(0, 20).every((r) => r === "not_found")).toBe(true);
    expect(results.slice(20).every((r) => r === "rate_limited")).toBe(true);
  });

  it("never throttles people opening a real link, however often", async () => {
    const { token } = await invited();
    const office = { ip: "198.51.100.7" };
    for (let i = 0; i < 60; i++) expect((await invitations.getInvitationByToken(token, office)).state).toBe("pending");
  });
});
