import { randomUUID } from "node:crypto";
import { reloadConfig } from "@/platform/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { freePort } from "@/platform/db/embedded";
import { createInvitation, getInvitationByToken } from "@/modules/invitations/invitations.service";
import { mailDeliveryMode } from "@/platform/mailer";
import { authRequest, ownerSql, signUp } from "../support/auth-client";
import { workspaceFixture } from "../support/fixtures";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const owner = ownerSql();
const received: Received[] = [];
let server: SMTPServer;
const previous = process.env.SMTP_URL;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  reloadConfig();
});

afterAll(async () => {
  if (previous === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previous;
  reloadConfig();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await owner.end();
});

/** Undoes quoted-printable soft line breaks and escapes, enough to read a link back out of the message. */
function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

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
