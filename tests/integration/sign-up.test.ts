import { afterAll, describe, expect, it } from "vitest";
import { authRequest, ownerSql, signUp, uniqueEmail } from "../support/auth-client";

const owner = ownerSql();
afterAll(() => owner.end());

async function countRowsForEmail(email: string) {
  const [row] = await owner<{ users: number; members: number; sessions: number; accounts: number }[]>`
    select
      (select count(*)::int from users where email = ${email.toLowerCase()}) as users,
      (select count(*)::int from members m join users u on u.id = m.user_id where u.email = ${email.toLowerCase()}) as members,
      (select count(*)::int from sessions s join users u on u.id = s.user_id where u.email = ${email.toLowerCase()}) as sessions,
      (select count(*)::int from accounts a join users u on u.id = a.user_id where u.email = ${email.toLowerCase()}) as accounts`;
  return row!;
}

describe("sign-up creates user, workspace and owner membership together", () => {
  it("answers 200 with a session whose active workspace is the new one", async () => {
    const email = uniqueEmail("signup");
    const res = await authRequest("/sign-up/email", {
      body: { name: "Ada Lovelace", email, password: "analytical-engine", workspaceName: "Ada's Studio" },
    });
    expect(res.status).toBe(200);
    expect(res.cookie).toMatch(/session_token=/);
    const session = await authRequest("/get-session", { cookie: res.cookie });
    const s = session.json as { session: { activeOrganizationId: string; userId: string } };
    const [ws] = await owner<{ name: string; slug: string; role: string; user_id: string }[]>`
      select w.name, w.slug, m.role, m.user_id from workspaces w join members m on m.organization_id = w.id
      where w.id = ${s.session.activeOrganizationId}`;
    expect(ws).toMatchObject({ name: "Ada's Studio", role: "owner", user_id: s.session.userId });
    expect(ws!.slug).toMatch(/^ada-s-studio(-[0-9a-f]{6})?$/);
    expect(await countRowsForEmail(email)).toEqual({ users: 1, members: 1, sessions: 1, accounts: 1 });
  });

  it("derives the slug on the server and suffixes a taken one", async () => {
    const a = await signUp({ workspaceName: "Slug Collision Works" });
    const b = await signUp({ workspaceName: "Slug Collision Works" });
    const rows = await owner<
      { id: string; slug: string }[]
    >`select id, slug from workspaces where id in ${owner([a.workspaceId, b.workspaceId])}`;
    const slugs = rows.map((r) => r.slug).sort();
    expect(slugs[0]).toBe("slug-collision-works");
    expect(slugs[1]).toMatch(/^slug-collision-works-[0-9a-f]{6}$/);
  });

  it("ignores a client-supplied slug or workspace id", async () => {
    const email = uniqueEmail("forged");
    const res = await authRequest("/sign-up/email", {
      body: { name: "Eve", email, password: "long enough pw", workspaceName: "Eve Inc", slug: "admin", activeOrganizationId: "x" },
    });
    // Better Auth refuses fields it does not know to be input, or drops them; either way nothing forged lands.
    if (res.status === 200) {
      const [ws] = await owner<{ slug: string }[]>`
        select w.slug from workspaces w join members m on m.organization_id = w.id join users u on u.id = m.user_id where u.email = ${email}`;
      expect(ws!.slug).toMatch(/^eve-inc/);
    } else {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await countRowsForEmail(email)).toEqual({ users: 0, members: 0, sessions: 0, accounts: 0 });
    }
  });

  it("leaves no user behind when creating the workspace fails", async () => {
    const email = uniqueEmail("atomic");
    // Force the second step (the workspace insert) to fail inside the database.
    await owner.unsafe(`
      create or replace function fail_workspace_insert() returns trigger language plpgsql as $$
      begin
        if new.name = 'Explode On Insert' then raise exception 'forced failure for the atomic sign-up test'; end if;
        return new;
      end $$;
      drop trigger if exists fail_workspace_insert on workspaces;
      create trigger fail_workspace_insert before insert on workspaces for each row execute function fail_workspace_insert();`);
    try {
      const res = await authRequest("/sign-up/email", {
        body: { name: "Atomic", email, password: "long enough pw", workspaceName: "Explode On Insert" },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await countRowsForEmail(email)).toEqual({ users: 0, members: 0, sessions: 0, accounts: 0 });
    } finally {
      await owner.unsafe("drop trigger if exists fail_workspace_insert on workspaces; drop function if exists fail_workspace_insert();");
    }
    // The same email can then sign up normally.
    const ok = await authRequest("/sign-up/email", { body: { name: "Atomic", email, password: "long enough pw", workspaceName: "Fine" } });
    expect(ok.status).toBe(200);
  });

  const invalid: [string, Record<string, unknown>][] = [
    ["empty name", { name: "  ", workspaceName: "W" }],
    ["empty workspace name", { name: "N", workspaceName: "" }],
    ["missing workspace name", { name: "N", workspaceName: undefined }],
    ["malformed email", { email: "not-an-email" }],
    ["too-short password", { password: "short" }],
    ["10 kB name", { name: "x".repeat(10_000) }],
    ["10 kB workspace name", { workspaceName: "y".repeat(10_000) }],
    ["control characters", { name: "bad\u0000name" }],
    ["non-string name", { name: 42 }],
  ];
  for (const [label, patch] of invalid) {
    it(`refuses ${label} with a 4xx and writes nothing`, async () => {
      const email = typeof patch.email === "string" ? patch.email : uniqueEmail("invalid");
      const res = await authRequest("/sign-up/email", {
        body: { name: "Valid Name", email, password: "long enough pw", workspaceName: "Valid WS", ...patch },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.json).toHaveProperty("message");
      expect(await countRowsForEmail(email)).toEqual({ users: 0, members: 0, sessions: 0, accounts: 0 });
    });
  }

  it("accepts SQL-looking and unicode names verbatim", async () => {
    const name = "Robert'); DROP TABLE users;-- 🚀 Zoë Ångström 東京";
    const s = await signUp({ name, workspaceName: name });
    const [row] = await owner<{ name: string; slug: string }[]>`select name, slug from workspaces where id = ${s.workspaceId}`;
    expect(row!.name).toBe(name);
    expect(row!.slug).toMatch(/^robert-drop-table-users-zoe-angstrom/);
    const [count] = await owner<{ n: number }[]>`select count(*)::int as n from users where name = ${name}`;
    expect(count!.n).toBe(1);
  });

  it("signs in again with the same workspace active", async () => {
    const s = await signUp({ workspaceName: "Sign In Again" });
    const res = await authRequest("/sign-in/email", { body: { email: s.email, password: "correct horse battery" } });
    expect(res.status).toBe(200);
    const session = await authRequest("/get-session", { cookie: res.cookie });
    expect((session.json as { session: { activeOrganizationId: string } }).session.activeOrganizationId).toBe(s.workspaceId);
  });

  it("does not serve the organization plugin's endpoints that bypass our rules", async () => {
    const s = await signUp();
    const res = await authRequest("/organization/create", { body: { name: "Sneaky", slug: "sneaky" }, cookie: s.cookie });
    expect(res.status).toBe(404);
    const [count] = await owner<{ n: number }[]>`select count(*)::int as n from workspaces where slug = 'sneaky'`;
    expect(count!.n).toBe(0);
  });
});
