import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { outcomeOf } from "../support/outcome";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";
import { api, expectJson, expectProblem, keyFor, type ListBody } from "../support/api";
import { plaintextSecretsAtRest } from "../support/secret-scan";
import { resetRateLimitsForTests } from "@/platform/rate-limit";
import { ROLE_RANK, ROLES, type Role } from "@/platform/permissions";
import { setMailLogForTests } from "@/platform/mailer";
import * as invitations from "@/modules/invitations/invitations.service";

/*
 * Issue 8, part 2: an admin could make themselves an owner. The owner invited cfo@… as owner; the
 * admin resent that invitation (getting a fresh owner link) or read the original link in the Team
 * page's outbox, signed up as cfo@… and accepted. Acting on an invitation now needs the right to
 * create it: its role no higher than one's own.
 */
const owner = ownerSql();
const logLines: string[] = [];
setMailLogForTests((line) => logLines.push(line));
afterAll(async () => {
  setMailLogForTests(null);
  await owner.end();
});
afterEach(() => resetRateLimitsForTests());

let ip = 0;
const meta = () => ({ ip: `198.18.0.${++ip % 250}` });
const tokenOf = (link: string) => link.split("/invite/")[1]!;

async function invitationState(id: string) {
  const [row] = await owner<
    { status: string; role: string; token_hash: string }[]
  >`select status, role, token_hash from invitations where id = ${id}`;
  return row!;
}

async function ownerInvitesCfo(fx: WorkspaceFixture, role: Role = "owner") {
  const email = `cfo-${randomUUID().slice(0, 8)}@example.test`;
  const sent = await invitations.createInvitation({ ...fx.owner, workspaceName: fx.name }, { email, role }, meta());
  return { email, sent, token: tokenOf(sent.link) };
}

describe("regression: an admin cannot escalate through the owner's invitation", () => {
  it("the admin can neither resend, revoke, replace, list nor read the owner invitation; the owner can", async () => {
    const fx = await workspaceFixture(owner, "admin", "escalation");
    const admin = { ...fx.actor, workspaceName: fx.name };
    const { email, sent, token } = await ownerInvitesCfo(fx);
    const before = await invitationState(sent.id);

    // Resend was the reproduced attack: it answered a fresh owner link.
    const resend = await invitations.resendInvitation(admin, sent.id, meta()).catch((e: unknown) => e);
    expect(resend).toMatchObject({ code: "forbidden" });
    expect(String((resend as Error).message)).toContain("owner");
    expect(await outcomeOf(invitations.revokeInvitation(admin, sent.id))).toBe("forbidden");
    // Re-inviting the address as member would replace (revoke) the owner invitation.
    expect(await outcomeOf(invitations.createInvitation(admin, { email, role: "member" }, meta()))).toBe("forbidden");
    expect(await invitationState(sent.id)).toEqual(before);

    expect((await invitations.listInvitations(admin)).map((i) => i.id)).not.toContain(sent.id);
    const adminOutbox = await invitations.listOutboxEmails(admin);
    expect(adminOutbox.map((m) => m.to)).not.toContain(email);
    expect(adminOutbox.some((m) => m.text.includes(token))).toBe(false);

    // The owner still sees and manages it, and reads the link in the outbox.
    expect((await invitations.listInvitations(fx.owner)).map((i) => i.id)).toContain(sent.id);
    const ownerOutbox = await invitations.listOutboxEmails(fx.owner);
    expect(ownerOutbox.find((m) => m.to === email)?.text).toContain(sent.link);
    const resent = await invitations.resendInvitation({ ...fx.owner, workspaceName: fx.name }, sent.id, meta());
    expect(resent.link).not.toBe(sent.link);
  });

  it("through the API, an admin key gets 403 on DELETE and never sees the owner invitation in the list", async () => {
    const fx = await workspaceFixture(owner, "admin", "escalation-api");
    const { sent } = await ownerInvitesCfo(fx);
    const adminKey = await keyFor(fx.actor, "admin");
    const list = expectJson(await api<ListBody<{ id: string; role: string }>>("GET", "/api/v1/invitations", { token: adminKey }), 200);
    expect(list.data.map((i) => i.id)).not.toContain(sent.id);
    expect(list.data.every((i) => i.role !== "owner")).toBe(true);
    expectProblem(await api("DELETE", `/api/v1/invitations/${sent.id}`, { token: adminKey }), 403, "forbidden");
    expect((await invitationState(sent.id)).status).toBe("pending");
    const ownerKey = await keyFor(fx.owner, "owner");
    const ownerList = expectJson(await api<ListBody<{ id: string }>>("GET", "/api/v1/invitations", { token: ownerKey }), 200);
    expect(ownerList.data.map((i) => i.id)).toContain(sent.id);
  });

  it("keeps outbox bodies sealed at rest and the log free of links", async () => {
    const fx = await workspaceFixture(owner, "admin", "escalation-rest");
    logLines.length = 0;
    const { email, sent, token } = await ownerInvitesCfo(fx);
    const resent = await invitations.resendInvitation({ ...fx.owner, workspaceName: fx.name }, sent.id, meta());
    const tokens = [token, tokenOf(resent.link)];
    expect(await plaintextSecretsAtRest(owner, tokens)).toEqual([]);
    const [row] = await owner<{ body_sealed: string; kind: string; audience_role: string }[]>`
      select body_sealed, kind, audience_role from outbox_emails where workspace_id = ${fx.workspaceId} order by created_at limit 1`;
    expect(row).toMatchObject({ kind: "invitation", audience_role: "owner", body_sealed: expect.stringMatching(/^v1\./) });
    expect(logLines.length).toBe(2);
    for (const line of logLines) {
      expect(line).toContain(email);
      expect(line).toContain("invited you to");
      for (const t of tokens) expect(line).not.toContain(t);
      expect(line).not.toContain("/invite/");
    }
  });

  it("a sealed outbox body moved to another workspace's row cannot be opened there", async () => {
    const a = await workspaceFixture(owner, "owner", "seal-a");
    const b = await workspaceFixture(owner, "owner", "seal-b");
    await ownerInvitesCfo(a, "member");
    const [sealed] = await owner<{ body_sealed: string }[]>`select body_sealed from outbox_emails where workspace_id = ${a.workspaceId}`;
    await owner`insert into outbox_emails (workspace_id, to_address, subject, kind, audience_role, body_sealed)
                values (${b.workspaceId}, 'moved@example.test', 'moved', 'invitation', 'member', ${sealed!.body_sealed})`;
    await expect(invitations.listOutboxEmails(b.owner)).rejects.toThrow();
  });
});

describe("every actor role × invitation role × action: allowed exactly when the invitation's role is not above the actor's", () => {
  const actions = ["list", "outbox", "resend", "revoke", "reinvite"] as const;
  for (const actorRole of ROLES) {
    for (const invitationRole of ROLES) {
      it(`${actorRole} on a ${invitationRole} invitation`, async () => {
        const fx = await workspaceFixture(owner, actorRole, "inv-matrix");
        const actor = { ...fx.actor, workspaceName: fx.name };
        const mayInvite = actorRole !== "member";
        const allowed = mayInvite && ROLE_RANK[invitationRole] <= ROLE_RANK[actorRole];
        for (const action of actions) {
          const { email, sent, token } = await ownerInvitesCfo(fx, invitationRole);
          const before = await invitationState(sent.id);
          let outcome: string;
          if (action === "list") {
            outcome = mayInvite
              ? (await invitations.listInvitations(actor)).some((i) => i.id === sent.id)
                ? "ok"
                : "hidden"
              : await outcomeOf(invitations.listInvitations(actor));
          } else if (action === "outbox") {
            outcome = mayInvite
              ? (await invitations.listOutboxEmails(actor)).some((m) => m.text.includes(token))
                ? "ok"
                : "hidden"
              : await outcomeOf(invitations.listOutboxEmails(actor));
          } else if (action === "resend") {
            outcome = await outcomeOf(invitations.resendInvitation(actor, sent.id, meta()));
          } else if (action === "revoke") {
            outcome = await outcomeOf(invitations.revokeInvitation(actor, sent.id));
          } else {
            outcome = await outcomeOf(
              invitations.createInvitation(actor, { email, role: actorRole === "member" ? "member" : actorRole }, meta()),
            );
          }
          const expected = allowed ? "ok" : action === "list" || action === "outbox" ? (mayInvite ? "hidden" : "forbidden") : "forbidden";
          expect(`${action}: ${outcome}`).toBe(`${action}: ${expected}`);
          if (!allowed) expect(await invitationState(sent.id)).toEqual(before);
        }
      });
    }
  }
});
