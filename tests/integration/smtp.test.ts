import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeQuotedPrintable } from "../support/mime";
import { startSmtpCapture, useSmtpUrl, type CapturedMail, type SmtpCapture } from "../support/smtp-capture";
import { createInvitation, getInvitationByToken } from "@/modules/invitations/invitations.service";
import { mailDeliveryMode } from "@/platform/mailer";
import { authRequest, ownerSql, signUp } from "../support/auth-client";
import { workspaceFixture } from "../support/fixtures";

const owner = ownerSql();
let received: CapturedMail[] = [];
let smtp: SmtpCapture | undefined;
let restoreSmtp: (() => void) | undefined;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  received = smtp.received;
  restoreSmtp = useSmtpUrl(smtp.url);
});

afterAll(async () => {
  restoreSmtp?.();
  await smtp?.close();
  await owner.end();
});

describe("invitation email over SMTP", () => {
  it("delivers a message with the recipient, a subject naming the workspace, and a link that works", async () => {
    expect(mailDeliveryMode()).toBe("smtp");
    const fx = await workspaceFixture(owner, "owner", "smtp");
    const email = `smtp-invitee-${randomUUID().slice(0, 8)}@example.test`;
    const sent = await createInvitation({ ...fx.actor, workspaceName: fx.name }, { email, role: "admin" }, { ip: "127.0.0.9" });
    expect(sent.emailSent).toBe(true);
    expect(received.length).toBe(1);
    const message = received[0]!;
    expect(message.to).toEqual([email]);
    const body = decodeQuotedPrintable(message.raw);
    expect(body).toMatch(new RegExp(`^To: ${email.replace(/[.+]/g, "\\$&")}`, "m"));
    expect(body).toMatch(/^Subject: .*invited you to .* on Workledger/m);
    const link = /http:\/\/localhost:3000\/invite\/([A-Za-z0-9_-]{43})/.exec(body);
    expect(link?.[0]).toBe(sent.link);
    const view = await getInvitationByToken(link![1]!, { ip: "127.0.0.9" });
    expect(view).toMatchObject({ email, role: "admin", state: "pending", workspaceName: fx.name });
    // Nothing went to the outbox: it is only for when no SMTP server is configured.
    const [row] = await owner<{ n: number }[]>`select count(*)::int as n from outbox_emails where workspace_id = ${fx.workspaceId}`;
    expect(row!.n).toBe(0);
  });
});

describe("account email over SMTP", () => {
  it("sends the sign-up verification email with a working link, and keeps nothing in the account outbox", async () => {
    const before = received.length;
    const s = await signUp({ workspaceName: "SMTP Verify" });
    // Better Auth sends it after the sign-up transaction commits.
    for (let i = 0; i < 50 && received.length === before; i++) await new Promise((r) => setTimeout(r, 100));
    const message = received.slice(before).find((m) => m.to.includes(s.email));
    expect(message).toBeDefined();
    const body = decodeQuotedPrintable(message!.raw);
    expect(body).toMatch(/^Subject: Verify your email address for Workledger/m);
    const link = /http:\/\/localhost:3000\/api\/auth\/verify-email\?\S+/.exec(body);
    expect(link).not.toBeNull();
    expect(await owner`select 1 from account_emails where to_address = ${s.email}`).toEqual([]);
    const res = await authRequest(link![0].replace("http://localhost:3000/api/auth", ""));
    expect(res.status).toBe(302);
    const [u] = await owner<{ v: boolean }[]>`select email_verified as v from users where id = ${s.userId}`;
    expect(u!.v).toBe(true);
  });
});
