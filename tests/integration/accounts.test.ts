import { createHash } from "node:crypto";
import { reloadConfig } from "@/platform/config";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { authRequest, mergeCookies, ownerSql, signUp, uniqueEmail } from "../support/auth-client";
import { accountEmailsTo, authPathOf, linkInAccountEmail } from "../support/account-mail";
import { plaintextSecretsAtRest } from "../support/secret-scan";
import { outcomeOf } from "../support/outcome";
import { newTenant } from "../support/tenants";
import { api, expectJson, expectProblem, keyFor } from "../support/api";
import { resetRateLimitsForTests } from "@/platform/rate-limit";
import { setMailLogForTests } from "@/platform/mailer";
import { freePort } from "@/platform/db/embedded";
import { asUserId, asWorkspaceId } from "@/lib/ids";
import * as invitations from "@/modules/invitations/invitations.service";
import { resolveTenant, setTwoFactorRequirement } from "@/modules/workspaces/workspaces.service";

const owner = ownerSql();
const logLines: string[] = [];
setMailLogForTests((line) => logLines.push(line));
afterAll(async () => {
  setMailLogForTests(null);
  await owner.end();
});
afterEach(() => resetRateLimitsForTests());

const PASSWORD = "correct horse battery";
const tokenOf = (link: string) => link.split("/invite/")[1]!;
const meta = () => ({ ip: "192.0.2.200" });

async function emailVerified(userId: string): Promise<boolean> {
  const [row] = await owner<{ v: boolean }[]>`select email_verified as v from users where id = ${userId}`;
  return row!.v;
}

describe("email verification", () => {
  it("sign-up sends a verification email (sealed at rest, log without the link); the link verifies the address once", async () => {
    logLines.length = 0;
    const s = await signUp({ workspaceName: "Verify Me" });
    expect(await emailVerified(s.userId)).toBe(false);
    const mails = await accountEmailsTo(owner, s.email);
    expect(mails.map((m) => [m.kind, m.subject])).toEqual([["verify_email", "Verify your email address for Workledger"]]);
    const link = await linkInAccountEmail(owner, s.email, "verify_email");
    expect(link.pathname).toBe("/api/auth/verify-email");
    const token = link.searchParams.get("token")!;
    expect(await plaintextSecretsAtRest(owner, [token])).toEqual([]);
    expect(logLines.some((l) => l.includes(s.email) && l.includes("npm run outbox"))).toBe(true);
    expect(logLines.some((l) => l.includes(token) || l.includes("verify-email"))).toBe(false);

    const res = await authRequest(authPathOf(link));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/email-verified");
    expect(await emailVerified(s.userId)).toBe(true);
    // The link signs nobody in.
    expect(res.cookie).not.toMatch(/session_token=[^;]/);
  });

  it("a tampered or foreign token verifies nothing and lands on the error page", async () => {
    const s = await signUp({ workspaceName: "Tamper" });
    const link = await linkInAccountEmail(owner, s.email, "verify_email");
    link.searchParams.set("token", `${link.searchParams.get("token")!.slice(0, -2)}xx`);
    const res = await authRequest(authPathOf(link));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/email-verified\?error=INVALID_TOKEN/);
    expect(await emailVerified(s.userId)).toBe(false);
  });

  it("an unverified account cannot accept an invitation until it verifies; then it can", async () => {
    const inviter = await newTenant("Needs Proof");
    const invitee = await signUp({ workspaceName: "Unproven" });
    const sent = await invitations.createInvitation(inviter, { email: invitee.email, role: "member" }, meta());
    const user = { userId: asUserId(invitee.userId), sessionId: invitee.sessionId, name: "Test User", email: invitee.email };
    const refused = await invitations.acceptInvitation(user, tokenOf(sent.link), meta()).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "forbidden", message: expect.stringContaining("Confirm your email address") });
    const [m] = await owner<
      { n: number }[]
    >`select count(*)::int as n from members where organization_id = ${inviter.workspaceId} and user_id = ${invitee.userId}`;
    expect(m!.n).toBe(0);
    // Resend (signed in), then verify with the newest link.
    const resend = await authRequest("/send-verification-email", {
      cookie: invitee.cookie,
      body: { email: invitee.email, callbackURL: `/invite/${tokenOf(sent.link)}` },
    });
    expect(resend.status).toBe(200);
    expect((await accountEmailsTo(owner, invitee.email)).filter((x) => x.kind === "verify_email").length).toBe(2);
    const link = await linkInAccountEmail(owner, invitee.email, "verify_email");
    const verified = await authRequest(authPathOf(link));
    expect(verified.headers.get("location")).toBe(`/invite/${tokenOf(sent.link)}`);
    expect(await outcomeOf(invitations.acceptInvitation(user, tokenOf(sent.link), meta()))).toBe("ok");
  });

  it("signing up through an invitation link verifies that invitation's address only, and sends no verification email", async () => {
    const inviter = await newTenant("Invites By Mail");
    const email = uniqueEmail("invited");
    const sent = await invitations.createInvitation(inviter, { email, role: "member" }, meta());
    const res = await authRequest("/sign-up/email", {
      body: { name: "Invited Person", email, password: PASSWORD, invitationToken: tokenOf(sent.link) },
    });
    expect(res.status).toBe(200);
    const [u] = await owner<{ id: string; v: boolean }[]>`select id, email_verified as v from users where email = ${email}`;
    expect(u!.v).toBe(true);
    expect(await accountEmailsTo(owner, email)).toEqual([]);
    // Someone else's address with that token: refused, nothing created.
    const other = uniqueEmail("not-invited");
    const wrong = await authRequest("/sign-up/email", {
      body: { name: "Other", email: other, password: PASSWORD, invitationToken: tokenOf(sent.link) },
    });
    expect(wrong.status).toBe(400);
    expect(await owner`select 1 from users where email = ${other}`).toEqual([]);
    // A dead token proves nothing: the account is created unverified (it has no invitation to accept).
    await invitations.revokeInvitation(inviter, sent.id).catch(() => undefined);
    const late = uniqueEmail("late");
    const lateSent = await invitations.createInvitation(inviter, { email: late, role: "member" }, meta());
    await invitations.revokeInvitation(inviter, lateSent.id);
    const lateRes = await authRequest("/sign-up/email", {
      body: { name: "Late", email: late, password: PASSWORD, invitationToken: tokenOf(lateSent.link) },
    });
    expect(lateRes.status).toBe(400);
  });

  it("regression: the admin who signs up as the invited CFO without the link stays unverified and cannot accept", async () => {
    const inviter = await newTenant("CFO Co");
    const cfo = uniqueEmail("cfo");
    const sent = await invitations.createInvitation(inviter, { email: cfo, role: "owner" }, meta());
    // Without the token (the admin cannot get it any more), signing up as cfo@ proves nothing.
    const impostor = await signUp({ email: cfo, workspaceName: "Impostor" });
    expect(await emailVerified(impostor.userId)).toBe(false);
    const user = { userId: asUserId(impostor.userId), sessionId: impostor.sessionId, name: "Impostor", email: cfo };
    expect(await outcomeOf(invitations.acceptInvitation(user, tokenOf(sent.link), meta()))).toBe("forbidden");
  });
});

describe("password policy on sign-up", () => {
  it("refuses generated common and personal passwords with 400 VALIDATION_FAILED errors.password, writing nothing", async () => {
    const common = (commonDictionary["passwords-common"] as string[]).slice(0, 1000).filter((p) => p.length >= 8);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...common).map((p) => ({ password: p, name: "Valid Name" })),
          fc.stringMatching(/^[A-Z][a-z]{4,9}$/).map((name) => ({ password: `${name}1987`, name })),
          fc.constantFrom("aaaaaaaa", "password1", "12345678"),
        ),
        async (candidate) => {
          const { password, name } = typeof candidate === "string" ? { password: candidate, name: "Valid Name" } : candidate;
          const email = uniqueEmail("weak");
          const res = await authRequest("/sign-up/email", { body: { name, email, password, workspaceName: "Weak" } });
          expect(res.status).toBe(400);
          expect(res.json).toMatchObject({ code: "VALIDATION_FAILED", errors: { password: [expect.any(String)] } });
          expect(await owner`select 1 from users where email = ${email}`).toEqual([]);
        },
      ),
      { numRuns: 20 },
    );
    const email = uniqueEmail("own");
    const own = await authRequest("/sign-up/email", { body: { name: "Own Address", email, password: email, workspaceName: "Own" } });
    expect(own.json).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: { password: ["Password must not be your email address or name"] },
    });
  });
});

describe("password reset", () => {
  async function requestReset(email: string) {
    return authRequest("/request-password-reset", { body: { email, redirectTo: "/reset-password" } });
  }

  it("answers the same for known and unknown addresses; mails only the known one", async () => {
    const s = await signUp({ workspaceName: "Forgetful" });
    const unknown = uniqueEmail("nobody");
    const a = await requestReset(s.email);
    const b = await requestReset(unknown);
    expect([a.status, a.json]).toEqual([b.status, b.json]);
    expect(a.status).toBe(200);
    expect((await accountEmailsTo(owner, s.email)).filter((m) => m.kind === "reset_password").length).toBe(1);
    expect(await accountEmailsTo(owner, unknown)).toEqual([]);
  });

  it("answers the same when the mail server is down, for known and unknown addresses alike", async () => {
    const s = await signUp({ workspaceName: "Mail Down" });
    const previous = process.env.SMTP_URL;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    process.env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`; // nothing listens there
    reloadConfig();
    try {
      const known = await requestReset(s.email);
      const unknown = await requestReset(uniqueEmail("nobody-down"));
      expect([known.status, known.json]).toEqual([unknown.status, unknown.json]);
      expect(known.status).toBe(200);
      expect(errors.mock.calls.some(([line]) => String(line).includes(`could not send the reset_password email to ${s.email}`))).toBe(true);
      expect(errors.mock.calls.some(([line]) => /reset-password\//.test(String(line)))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
      reloadConfig();
      errors.mockRestore();
    }
  });

  it("the link resets once, hashed at rest, revoking every session, and notifies the owner of the account", async () => {
    const s = await signUp({ workspaceName: "Reset Me" });
    const second = await authRequest("/sign-in/email", { body: { email: s.email, password: PASSWORD } });
    expect(second.status).toBe(200);
    await requestReset(s.email);
    const link = await linkInAccountEmail(owner, s.email, "reset_password");
    const token = link.pathname.split("/").pop()!;
    expect(await plaintextSecretsAtRest(owner, [token])).toEqual([]);
    // Stored under the SHA-256 of "reset-password:<token>", never the identifier itself.
    expect(await owner`select 1 from verifications where identifier like 'reset-password:%'`).toEqual([]);
    const hashed = createHash("sha256").update(`reset-password:${token}`).digest("base64url");
    expect(await owner`select 1 from verifications where identifier = ${hashed} and value = ${s.userId}`).toHaveLength(1);

    const callback = await authRequest(authPathOf(link));
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`http://localhost:3000/reset-password?token=${token}`);

    const weak = await authRequest("/reset-password", { body: { token, newPassword: "password1" } });
    expect(weak.status).toBe(400);
    expect(weak.json).toMatchObject({ code: "VALIDATION_FAILED", errors: { newPassword: [expect.stringContaining("too easy to guess")] } });

    const ok = await authRequest("/reset-password", { body: { token, newPassword: "a brand new passphrase" } });
    expect(ok.status).toBe(200);
    const [sessions] = await owner<{ n: number }[]>`select count(*)::int as n from sessions where user_id = ${s.userId}`;
    expect(sessions!.n).toBe(0);
    expect((await authRequest("/get-session", { cookie: s.cookie })).json).toBeNull();
    expect((await accountEmailsTo(owner, s.email)).map((m) => m.kind)).toContain("password_changed");

    const again = await authRequest("/reset-password", { body: { token, newPassword: "yet another passphrase" } });
    expect(again.status).toBe(400);
    expect((await authRequest("/sign-in/email", { body: { email: s.email, password: PASSWORD } })).status).toBe(401);
    expect((await authRequest("/sign-in/email", { body: { email: s.email, password: "a brand new passphrase" } })).status).toBe(200);
  });

  it("an expired token is refused and changes nothing", async () => {
    const s = await signUp({ workspaceName: "Too Late" });
    await requestReset(s.email);
    const link = await linkInAccountEmail(owner, s.email, "reset_password");
    const token = link.pathname.split("/").pop()!;
    const hashed = createHash("sha256").update(`reset-password:${token}`).digest("base64url");
    await owner`update verifications set expires_at = expires_at - interval '2 hours' where identifier = ${hashed}`;
    const res = await authRequest("/reset-password", { body: { token, newPassword: "a brand new passphrase" } });
    expect(res.status).toBe(400);
    expect((await authRequest("/sign-in/email", { body: { email: s.email, password: PASSWORD } })).status).toBe(200);
  });

  it("change-password applies the policy too, against the signed-in person's own name and email", async () => {
    const s = await signUp({ name: "Grace Hopper", workspaceName: "Change Me" });
    const local = s.email.split("@")[0]!;
    for (const weak of ["aaaaaaaa", "12345678", s.email, `${local}1`, "gracehopper", "Grace Hopper 1"]) {
      const res = await authRequest("/change-password", { cookie: s.cookie, body: { currentPassword: PASSWORD, newPassword: weak } });
      expect(`${weak}: ${res.status}`).toBe(`${weak}: 400`);
      expect(res.json).toMatchObject({ code: "VALIDATION_FAILED", errors: { newPassword: [expect.any(String)] } });
    }
    const ok = await authRequest("/change-password", {
      cookie: s.cookie,
      body: { currentPassword: PASSWORD, newPassword: "compiler nanosecond cobol" },
    });
    expect(ok.status).toBe(200);
  });
});

async function totpCode(totpURI: string): Promise<string> {
  const secret = new URL(totpURI).searchParams.get("secret")!;
  return createOTP(base32.decode(secret)).totp();
}

async function enrol(cookie: string) {
  const enabled = await authRequest("/two-factor/enable", { cookie, body: { password: PASSWORD } });
  expect(enabled.status).toBe(200);
  const body = enabled.json as { totpURI: string; backupCodes: string[] };
  const confirm = await authRequest("/two-factor/verify-totp", { cookie, body: { code: await totpCode(body.totpURI) } });
  expect(confirm.status).toBe(200);
  return { ...body, cookie: mergeCookies(cookie, confirm.cookie) };
}

describe("two-factor authentication", () => {
  it("enrols with a confirmed TOTP code; secret and backup codes are not stored in plain text", async () => {
    const s = await signUp({ workspaceName: "Two Factor" });
    const wrongPassword = await authRequest("/two-factor/enable", { cookie: s.cookie, body: { password: "not my password" } });
    expect(wrongPassword.status).toBe(400);
    expect(await owner`select 1 from two_factors tf where tf.user_id = ${s.userId}`).toEqual([]);

    const started = await authRequest("/two-factor/enable", { cookie: s.cookie, body: { password: PASSWORD } });
    const { totpURI, backupCodes } = started.json as { totpURI: string; backupCodes: string[] };
    expect(totpURI).toMatch(/^otpauth:\/\/totp\/Workledger:/);
    expect(backupCodes).toHaveLength(10);
    // Not on until confirmed with a code.
    const [pending] = await owner<{ on: boolean }[]>`select two_factor_enabled as on from users where id = ${s.userId}`;
    expect(pending!.on).toBe(false);
    expect((await authRequest("/two-factor/verify-totp", { cookie: s.cookie, body: { code: "000000" } })).status).toBe(401);
    const confirmed = await authRequest("/two-factor/verify-totp", { cookie: s.cookie, body: { code: await totpCode(totpURI) } });
    expect(confirmed.status).toBe(200);
    const [on] = await owner<{ on: boolean }[]>`select two_factor_enabled as on from users where id = ${s.userId}`;
    expect(on!.on).toBe(true);
    // The replaced session keeps its workspace.
    const session = await authRequest("/get-session", { cookie: mergeCookies(s.cookie, confirmed.cookie) });
    expect((session.json as { session: { activeOrganizationId: string } }).session.activeOrganizationId).toBe(s.workspaceId);

    const secretB32 = new URL(totpURI).searchParams.get("secret")!;
    const raw = Buffer.from(base32.decode(secretB32)).toString("utf8");
    expect(await plaintextSecretsAtRest(owner, [secretB32, raw, ...backupCodes.map((c) => c.padEnd(8, "-"))])).toEqual([]);
  });

  it("sign-in then needs a TOTP code or a single-use backup code", async () => {
    const s = await signUp({ workspaceName: "Second Step" });
    const { totpURI, backupCodes } = await enrol(s.cookie);
    const first = await authRequest("/sign-in/email", { body: { email: s.email, password: PASSWORD } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ twoFactorRedirect: true });
    expect((await authRequest("/get-session", { cookie: first.cookie })).json).toBeNull();
    expect((await authRequest("/two-factor/verify-totp", { cookie: first.cookie, body: { code: "123456" } })).status).toBe(401);
    const second = await authRequest("/two-factor/verify-totp", { cookie: first.cookie, body: { code: await totpCode(totpURI) } });
    expect(second.status).toBe(200);
    const session = await authRequest("/get-session", { cookie: mergeCookies(first.cookie, second.cookie) });
    expect((session.json as { session: { activeOrganizationId: string } }).session.activeOrganizationId).toBe(s.workspaceId);

    const viaBackup = await authRequest("/sign-in/email", { body: { email: s.email, password: PASSWORD } });
    const used = await authRequest("/two-factor/verify-backup-code", { cookie: viaBackup.cookie, body: { code: backupCodes[0] } });
    expect(used.status).toBe(200);
    const replay = await authRequest("/sign-in/email", { body: { email: s.email, password: PASSWORD } });
    expect((await authRequest("/two-factor/verify-backup-code", { cookie: replay.cookie, body: { code: backupCodes[0] } })).status).toBe(
      401,
    );
    const identifiers = await owner<{ identifier: string }[]>`select identifier from verifications where value = ${s.userId}`;
    expect(identifiers.length).toBeGreaterThan(0);
    expect(identifiers.every((r) => !r.identifier.startsWith("2fa-"))).toBe(true);
  });

  it("disabling needs the password", async () => {
    const s = await signUp({ workspaceName: "Turn Off" });
    const { cookie } = await enrol(s.cookie);
    expect((await authRequest("/two-factor/disable", { cookie, body: { password: "wrong password here" } })).status).toBe(400);
    const off = await authRequest("/two-factor/disable", { cookie, body: { password: PASSWORD } });
    expect(off.status).toBe(200);
    const [row] = await owner<{ on: boolean }[]>`select two_factor_enabled as on from users where id = ${s.userId}`;
    expect(row!.on).toBe(false);
    expect(await owner`select 1 from two_factors where user_id = ${s.userId}`).toEqual([]);
  });
});

describe("a workspace that requires two-factor authentication", () => {
  it("the owner turns it on only with two-factor on their own account; it is audited; admins cannot", async () => {
    const t = await newTenant("Strict Co");
    expect(await outcomeOf(setTwoFactorRequirement(t, { required: true }))).toBe("conflict");
    await enrol(t.signedUp.cookie);
    expect(await setTwoFactorRequirement(t, { required: true })).toEqual({ required: true });
    const audit = await owner<
      { detail: unknown }[]
    >`select detail from audit_events where workspace_id = ${t.workspaceId} and action = 'workspace.two_factor_requirement_changed'`;
    expect(audit.map((a) => a.detail)).toEqual([{ from: false, to: true }]);
    expect(await outcomeOf(setTwoFactorRequirement({ ...t, role: "admin" }, { required: false }))).toBe("forbidden");
    expect(await outcomeOf(setTwoFactorRequirement(t, { required: "yes" as unknown as boolean }))).toBe("validation_failed");
  });

  it("refuses a member without two-factor (pages, actions and API through a session: 403) but not API keys", async () => {
    const t = await newTenant("Strict Members");
    const ownerKey = await keyFor(t, "owner");
    await enrol(t.signedUp.cookie);
    // Through the API, with the owner's key (the owner has two-factor now).
    const patched = expectJson(
      await api<{ require_two_factor: boolean }>("PATCH", "/api/v1/workspace", { token: ownerKey, body: { require_two_factor: true } }),
      200,
    );
    expect(patched.require_two_factor).toBe(true);

    const member = await signUp({ workspaceName: "Member's own" });
    await owner`insert into members (id, organization_id, user_id, role) values (gen_random_uuid()::text, ${t.workspaceId}, ${member.userId}, 'admin')`;
    await owner`update sessions set active_organization_id = ${t.workspaceId} where id = ${member.sessionId}`;
    const memberKey = await keyFor(await resolveTenantIgnoringTwoFactor(member.userId, t.workspaceId), "member");

    expect(await outcomeOf(resolveTenant(asUserId(member.userId), t.workspaceId))).toBe("two_factor_required");
    const refused = expectProblem(await api("GET", "/api/v1/clients", { cookie: member.cookie }), 403, "two_factor_required");
    expect(refused.title).toContain("two-factor");
    expectJson(await api("GET", "/api/v1/clients", { token: memberKey }), 200);
    // Their own workspace is unaffected.
    expect(await outcomeOf(resolveTenant(asUserId(member.userId), member.workspaceId))).toBe("ok");

    await enrol(member.cookie);
    expect(await outcomeOf(resolveTenant(asUserId(member.userId), t.workspaceId))).toBe("ok");
  });
});

/** A key can only be made by someone inside the workspace; make it before the requirement bites. */
async function resolveTenantIgnoringTwoFactor(userId: string, workspaceId: string) {
  const [row] = await owner<
    { role: "owner" | "admin" | "member" }[]
  >`select role from members where user_id = ${userId} and organization_id = ${workspaceId}`;
  const [u] = await owner<{ name: string; email: string }[]>`select name, email from users where id = ${userId}`;
  const [w] = await owner<{ name: string; slug: string }[]>`select name, slug from workspaces where id = ${workspaceId}`;
  return {
    userId: asUserId(userId),
    workspaceId: asWorkspaceId(workspaceId),
    role: row!.role,
    actorLabel: `${u!.name} <${u!.email}>`,
    workspaceName: w!.name,
    workspaceSlug: w!.slug,
  };
}
