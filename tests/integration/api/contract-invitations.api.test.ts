import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql, signUp } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor, type ListBody } from "../../support/api";

/** GET/POST /api/v1/invitations and DELETE /api/v1/invitations/{id}. */
const owner = ownerSql();
afterAll(() => owner.end());

interface InvitationBody {
  id: string;
  email: string;
  role: string;
  state: string;
  inviter_name: string;
  expires_at: string;
  created_at: string;
}

interface SentBody {
  id: string;
  link: string;
  email_sent: boolean;
  email_error?: string;
}

let fx: WorkspaceFixture;
let other: WorkspaceFixture;
let token: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "admin", "invites");
  other = await workspaceFixture(owner, "owner", "invites-other");
  token = await keyFor(fx.actor, "admin");
});

const pendingCount = async () =>
  Number(
    (
      await owner<{ n: string }[]>`select count(*) as n from invitations where organization_id = ${fx.workspaceId} and status = 'pending'`
    )[0]!.n,
  );

describe("invitations: success shapes", () => {
  it("GET /invitations lists pending invitations with exactly these fields", async () => {
    const list = expectJson(await api<ListBody<InvitationBody>>("GET", "/api/v1/invitations", { token }), 200);
    expect(list).toEqual({
      data: [
        {
          id: fx.invitationId,
          email: expect.stringMatching(/^invitee-.*@fixture\.test$/),
          role: "member",
          state: "pending",
          inviter_name: expect.stringMatching(/^owner /),
          expires_at: expect.any(String),
          created_at: expect.any(String),
        },
      ],
      next_cursor: null,
    });
  });

  it("POST /invitations creates one (201) with a link shown once; only the token's hash is stored", async () => {
    const sent = expectJson(
      await api<SentBody>("POST", "/api/v1/invitations", { token, body: { email: "  New.Person@Example.TEST ", role: "admin" } }),
      201,
    );
    expect(sent).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      link: expect.stringMatching(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/),
      email_sent: true,
    });
    const tokenInLink = sent.link.split("/").pop()!;
    const [row] = await owner<{ row: string; token_hash: string; email: string; role: string }[]>`
      select row_to_json(i)::text as row, token_hash, email, role from invitations i where id = ${sent.id}`;
    expect(row!.token_hash).toBe(createHash("sha256").update(tokenInLink).digest("hex"));
    expect(row!.row).not.toContain(tokenInLink);
    expect([row!.email, row!.role]).toEqual(["new.person@example.test", "admin"]);
    const list = expectJson(await api<ListBody<InvitationBody>>("GET", "/api/v1/invitations", { token }), 200);
    expect(list.data.find((i) => i.id === sent.id)).toMatchObject({ email: "new.person@example.test", role: "admin", state: "pending" });
    expect(list.data).toHaveLength(2);
  });

  it("re-inviting the same email replaces the pending invitation (still one pending for it)", async () => {
    const before = await pendingCount();
    const again = expectJson(
      await api<SentBody>("POST", "/api/v1/invitations", { token, body: { email: "new.person@example.test", role: "member" } }),
      201,
    );
    expect(await pendingCount()).toBe(before);
    const list = expectJson(await api<ListBody<InvitationBody>>("GET", "/api/v1/invitations", { token }), 200);
    expect(list.data.filter((i) => i.email === "new.person@example.test").map((i) => [i.id, i.role])).toEqual([[again.id, "member"]]);
  });

  it("DELETE /invitations/{id} revokes (204); revoking again is 409; an unknown id is 404", async () => {
    const res = await api("DELETE", `/api/v1/invitations/${fx.invitationId}`, { token });
    expect([res.status, res.body]).toEqual([204, null]);
    const [row] = await owner<{ status: string }[]>`select status from invitations where id = ${fx.invitationId}`;
    expect(row!.status).toBe("revoked");
    expectProblem(await api("DELETE", `/api/v1/invitations/${fx.invitationId}`, { token }), 409, "conflict");
    expect(
      expectJson(await api<ListBody<InvitationBody>>("GET", "/api/v1/invitations", { token }), 200).data.map((i) => i.id),
    ).not.toContain(fx.invitationId);
  });

  it("through a session, the invitation email names the workspace and the inviter", async () => {
    const s = await signUp({ name: "Ada Inviter", workspaceName: "Ada's Studio" });
    const sent = await api<SentBody>("POST", "/api/v1/invitations", {
      cookie: s.cookie,
      headers: { origin: "http://localhost:3000" },
      body: { email: "guest@example.test", role: "member" },
    });
    expect(sent.status).toBe(201);
    const [mail] = await owner<
      { subject: string }[]
    >`select subject from outbox_emails where workspace_id = ${s.workspaceId} order by created_at desc limit 1`;
    expect(mail!.subject).toBe("Ada Inviter invited you to Ada's Studio on Workledger");
  });

  it("through an API key, the invitation email names the workspace", async () => {
    const sent = await api<SentBody>("POST", "/api/v1/invitations", { token, body: { email: "keyed-guest@example.test", role: "member" } });
    expect(sent.status).toBe(201);
    const [mail] = await owner<
      { subject: string }[]
    >`select subject from outbox_emails where workspace_id = ${fx.workspaceId} order by created_at desc limit 1`;
    expect(mail!.subject).toContain(`invited you to ${fx.name} on Workledger`);
  });
});

describe("invitations: validation and rules", () => {
  it("answers 400 to unknown fields, wrong types and an unknown role", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    for (const body of [
      { email: "a@b.test", role: "member", message: "hi" },
      { email: "a@b.test", role: "guest" },
      { email: ["a@b.test"], role: "member" },
      { role: "member" },
    ]) {
      expectProblem(await api("POST", "/api/v1/invitations", { token, body }), 400, "bad_request");
    }
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });

  it("answers 422 to an invalid email, 409 to an existing member's email, 403 to a role above the inviter's", async () => {
    const before = await workspaceSnapshot(owner, fx.workspaceId);
    const bad = expectProblem(
      await api("POST", "/api/v1/invitations", { token, body: { email: "not-an-email", role: "member" } }),
      422,
      "validation_failed",
    );
    expect(fieldErrors(bad, "email")).toEqual(["Enter a valid email address"]);
    const [member] = await owner<{ email: string }[]>`select email from users where id = ${fx.memberUserId}`;
    expectProblem(await api("POST", "/api/v1/invitations", { token, body: { email: member!.email, role: "member" } }), 409, "conflict");
    expectProblem(
      await api("POST", "/api/v1/invitations", { token, body: { email: "boss@example.test", role: "owner" } }),
      403,
      "forbidden",
    );
    expect(await workspaceSnapshot(owner, fx.workspaceId)).toEqual(before);
  });
});

describe("invitations: another workspace's ids", () => {
  it("answer 404 to DELETE, and the other workspace is unchanged", async () => {
    const before = await workspaceSnapshot(owner, other.workspaceId);
    expectProblem(await api("DELETE", `/api/v1/invitations/${other.invitationId}`, { token }), 404, "not_found");
    expect(await workspaceSnapshot(owner, other.workspaceId)).toEqual(before);
  });
});
