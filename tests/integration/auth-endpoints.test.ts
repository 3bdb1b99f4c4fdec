import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { getAuth } from "@/identity/auth";
import { isOpenAuthEndpoint, OPEN_AUTH_ENDPOINTS } from "@/identity/open-endpoints";
import { authRequest, ownerSql, signUp } from "../support/auth-client";

const owner = ownerSql();
afterAll(() => owner.end());

/** Every endpoint Better Auth registers (core and plugins), read from the auth object itself. */
function registeredEndpoints(): { name: string; path: string; methods: string[] }[] {
  const api = getAuth().api as unknown as Record<string, { path?: unknown; options?: { method?: unknown } }>;
  return Object.entries(api).flatMap(([name, endpoint]) => {
    if (typeof endpoint.path !== "string") return []; // server-only endpoints have no HTTP path
    const method = endpoint.options?.method;
    const methods = Array.isArray(method)
      ? method.filter((m): m is string => typeof m === "string")
      : typeof method === "string"
        ? [method]
        : ["GET", "POST"];
    return [{ name, path: endpoint.path, methods: methods.includes("*") ? ["GET", "POST"] : methods }];
  });
}

const concrete = (path: string) => path.replace(/:[a-zA-Z]+/g, "abcdefghijklmnopqrstuvwx");

describe("only the endpoints the app uses are open over HTTP", () => {
  const endpoints = registeredEndpoints();

  it("Better Auth registers the plugins' endpoints we reason about", () => {
    const paths = endpoints.map((e) => e.path);
    expect(paths.filter((p) => p.startsWith("/organization/")).length).toBeGreaterThan(15);
    expect(paths).toEqual(
      expect.arrayContaining(["/two-factor/send-otp", "/two-factor/get-totp-uri", "/update-user", "/organization/create"]),
    );
    // Every open entry names a real endpoint (no stale entries).
    for (const open of OPEN_AUTH_ENDPOINTS) {
      expect(
        endpoints.some(
          (e) =>
            e.methods.includes(open.method) && (typeof open.path === "string" ? e.path === open.path : open.path.test(concrete(e.path))),
        ),
        String(open.path),
      ).toBe(true);
    }
  });

  it("every other registered endpoint, with every method, answers 404 signed in or not and changes nothing", async () => {
    const s = await signUp({ workspaceName: "Closed Doors" });
    const before =
      await owner`select (select count(*) from workspaces) as w, (select count(*) from members) as m, (select count(*) from invitations) as i, (select count(*) from users) as u`;
    let closed = 0;
    for (const e of endpoints) {
      for (const method of ["GET", "POST"]) {
        const path = concrete(e.path);
        if (isOpenAuthEndpoint(method, path)) continue;
        for (const cookie of [undefined, s.cookie]) {
          const res = await authRequest(path, {
            method,
            cookie,
            body:
              method === "POST"
                ? { name: "Sneaky", slug: "sneaky", organizationId: s.workspaceId, email: "x@example.test", role: "owner" }
                : undefined,
          });
          expect(`${method} ${path} → ${res.status}`).toBe(`${method} ${path} → 404`);
          closed += 1;
        }
      }
    }
    expect(closed).toBeGreaterThan(100);
    expect(
      await owner`select (select count(*) from workspaces) as w, (select count(*) from members) as m, (select count(*) from invitations) as i, (select count(*) from users) as u`,
    ).toEqual(before);
  });

  it("made-up paths under /organization/ and /two-factor/ (and odd spellings of open ones) answer 404", async () => {
    const s = await signUp({ workspaceName: "Made Up" });
    const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/organization/", "/two-factor/", "/organization/set-active/", "/"),
        segment,
        fc.constantFrom("GET", "POST"),
        async (prefix, name, method) => {
          const path = `${prefix}${name}`;
          fc.pre(!isOpenAuthEndpoint(method, path));
          const res = await authRequest(path, { method, cookie: s.cookie, body: method === "POST" ? {} : undefined });
          expect(res.status).toBe(404);
        },
      ),
      { numRuns: 150 },
    );
    for (const odd of [
      "/organization/set-active/",
      "/organization/SET-ACTIVE",
      "/organization//set-active",
      "/organization/%73et-active",
      "/two-factor/enable/",
      "/Sign-in/email",
    ]) {
      expect((await authRequest(odd, { method: "POST", cookie: s.cookie, body: {} })).status, odd).toBe(404);
    }
  });

  it("the open endpoints still work", async () => {
    const s = await signUp({ workspaceName: "Still Open" });
    expect((await authRequest("/get-session", { cookie: s.cookie })).status).toBe(200);
    expect((await authRequest("/organization/list", { cookie: s.cookie })).status).toBe(200);
  });
});

describe("set-active does not reveal whether a workspace exists", () => {
  it("a member switches by id or slug", async () => {
    const s = await signUp({ workspaceName: "Switch Home" });
    const [ws] = await owner<{ slug: string }[]>`select slug from workspaces where id = ${s.workspaceId}`;
    expect((await authRequest("/organization/set-active", { cookie: s.cookie, body: { organizationId: s.workspaceId } })).status).toBe(200);
    expect((await authRequest("/organization/set-active", { cookie: s.cookie, body: { organizationSlug: ws!.slug } })).status).toBe(200);
  });

  it("answers the same 404 for someone else's workspace and for made-up ids and slugs, and leaves the session alone", async () => {
    const me = await signUp({ workspaceName: "Oracle Me" });
    const other = await signUp({ workspaceName: "Oracle Other" });
    const [otherWs] = await owner<{ slug: string }[]>`select slug from workspaces where id = ${other.workspaceId}`;
    const answer = async (body: Record<string, string>) => {
      const res = await authRequest("/organization/set-active", { cookie: me.cookie, body });
      return JSON.stringify({ status: res.status, body: res.json });
    };
    const foreignById = await answer({ organizationId: other.workspaceId });
    const foreignBySlug = await answer({ organizationSlug: otherWs!.slug });
    expect(JSON.parse(foreignById)).toEqual({ status: 404, body: { message: "Workspace not found", code: "WORKSPACE_NOT_FOUND" } });
    expect(foreignBySlug).toBe(foreignById);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uuid().map((id): Record<string, string> => ({ organizationId: id })),
          fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/).map((slug): Record<string, string> => ({ organizationSlug: slug })),
          fc.string({ minLength: 1, maxLength: 60 }).map((id): Record<string, string> => ({ organizationId: id })),
        ),
        async (body) => {
          fc.pre(body.organizationId !== me.workspaceId);
          const [mine] = await owner`select 1 from workspaces w join members m on m.organization_id = w.id
                                     where m.user_id = ${me.userId} and (w.id = ${body.organizationId ?? ""} or w.slug = ${body.organizationSlug ?? ""})`;
          fc.pre(!mine);
          expect(await answer(body)).toBe(foreignById);
        },
      ),
      { numRuns: 60 },
    );
    const [s] = await owner<{ a: string }[]>`select active_organization_id as a from sessions where id = ${me.sessionId}`;
    expect(s!.a).toBe(me.workspaceId);
    expect(randomUUID()).not.toBe(me.workspaceId);
  });
});
