import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { PERMISSIONS, type Action } from "@/platform/permissions";
import { createApiApp } from "@/http/app";
import { operationsOn, operationsWithoutPermission, publicRoute, undeclaredRoutes } from "@/platform/http-kit/operation";
import type { ApiEnv } from "@/platform/http-kit/env";
import { actionDeclaration, publicAction, signedInAction, tenantAction, undeclaredActions } from "@/app/server-action";

/*
 * Issue 8 part 3: every REST operation and every server action declares the permission it needs
 * where it is defined. The walks below cover whatever exists (new operations and actions included,
 * without editing this file); the checkers are also run on samples that must fail, so the walks can.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const KNOWN = Object.keys(PERMISSIONS);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** A "use server" directive as the first statement of a module (comments and blank lines may precede it). */
const MODULE_DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/;
/** A "use server" directive anywhere (inline server functions in components would escape the wrappers). */
const ANY_DIRECTIVE = /^\s*["']use server["'];?\s*$/m;

const appFiles = sourceFiles(path.join(ROOT, "src"));
const serverModules = appFiles.filter((f) => MODULE_DIRECTIVE.test(readFileSync(f, "utf8")));

async function actionModules(): Promise<Record<string, Record<string, unknown>>> {
  const modules: Record<string, Record<string, unknown>> = {};
  for (const file of serverModules)
    modules[path.relative(ROOT, file)] = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return modules;
}

async function openApiDocument(): Promise<unknown> {
  const res = await createApiApp().fetch(new Request("http://localhost:3000/api/v1/openapi.json"));
  expect(res.status).toBe(200);
  return res.json();
}

describe("REST operations declare their permission", () => {
  it("every operation of the OpenAPI document names a permission of the table in x-permission and in its description", async () => {
    const doc = (await openApiDocument()) as { paths: Record<string, Record<string, { "x-permission"?: string; description?: string }>> };
    const operations = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ id: `${m.toUpperCase()} ${p}`, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(operationsWithoutPermission(doc)).toEqual([]);
    for (const { id, op } of operations) {
      expect(KNOWN, id).toContain(op["x-permission"]);
      expect(op.description, id).toContain(`\`${op["x-permission"]}\``);
    }
  });

  it("the checker flags an operation without x-permission, with an unknown one, or without the description line", () => {
    const line = "**Permission:** `client.read` (roles: owner, admin, member).";
    const doc = {
      paths: {
        "/ok": { get: { "x-permission": "client.read", description: line } },
        "/none": { get: { description: "no permission here" }, parameters: [] },
        "/unknown": { post: { "x-permission": "client.teleport", description: line } },
        "/quiet": { delete: { "x-permission": "client.read" } },
      },
    };
    expect(operationsWithoutPermission(doc)).toEqual(["GET /none", "POST /unknown", "DELETE /quiet"]);
  });

  it("the app refuses to start with a route that is neither a declared operation nor public (and the checker finds it)", () => {
    const app = new OpenAPIHono<ApiEnv>();
    const operations = new Map<string, Action>();
    const publicPaths = new Map<string, string>();
    operationsOn(app, operations).operation(
      {
        permission: "client.read",
        method: "get",
        path: "/api/v1/things/{id}",
        request: { params: z.object({ id: z.string() }) },
        responses: { 200: { description: "ok" } },
      },
      (c) => c.body(null, 200),
    );
    publicRoute(app, publicPaths, { path: "/api/v1/open", why: "sample" }, (c) => c.text("hi"));
    app.use("/api/v1/*", async (_c, next) => next());
    expect(undeclaredRoutes(app.routes, operations, publicPaths)).toEqual([]);
    app.post("/api/v1/sneaky", (c) => c.text("no permission"));
    app.post("/api/v1/open", (c) => c.text("public is GET only"));
    expect(undeclaredRoutes(app.routes, operations, publicPaths)).toEqual(["POST /api/v1/sneaky", "POST /api/v1/open"]);
  });

  it("an operation with a permission the table does not have is refused at registration", () => {
    const api = operationsOn(new OpenAPIHono<ApiEnv>(), new Map());
    const bogus = {
      permission: "client.teleport",
      method: "get",
      path: "/api/v1/x",
      responses: { 200: { description: "ok" } },
    } as unknown as Parameters<typeof api.operation>[0];
    expect(() => api.operation(bogus, (c) => c.body(null, 200))).toThrow(/unknown permission client.teleport/);
  });
});

describe("server actions declare their permission", () => {
  it('finds the server action modules, and no inline "use server" function outside them', () => {
    expect(serverModules.length).toBeGreaterThanOrEqual(10);
    const inline = appFiles.filter((f) => !serverModules.includes(f) && ANY_DIRECTIVE.test(readFileSync(f, "utf8")));
    expect(inline.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('every export of every "use server" module was made by tenantAction, signedInAction or publicAction', async () => {
    const modules = await actionModules();
    const exported = Object.values(modules).flatMap((m) => Object.keys(m));
    expect(exported.length).toBeGreaterThanOrEqual(34);
    expect(undeclaredActions(modules, KNOWN)).toEqual([]);
  });

  it("only signing in (both steps), up and out and forgotten/reset passwords are public; workspace choice and one's own account need a signed-in user; the rest name a permission", async () => {
    const modules = await actionModules();
    const byKind: Record<string, string[]> = {};
    for (const exports of Object.values(modules)) {
      for (const [name, fn] of Object.entries(exports)) (byKind[actionDeclaration(fn)!.kind] ??= []).push(name);
    }
    expect(byKind.public!.sort()).toEqual([
      "requestPasswordResetAction",
      "resetPasswordAction",
      "signInAction",
      "signOutAction",
      "signUpAction",
      "verifySecondFactorAction",
    ]);
    expect(byKind["signed-in"]!.sort()).toEqual([
      "acceptInvitationAction",
      "changePasswordAction",
      "confirmTwoFactorAction",
      "createWorkspaceAction",
      "disableTwoFactorAction",
      "regenerateBackupCodesAction",
      "resendVerificationAction",
      "startTwoFactorAction",
      "switchWorkspaceAction",
    ]);
    expect(byKind.tenant!.length).toBeGreaterThanOrEqual(28);
  });

  it("the checker flags a plain async function, a wrapper's look-alike and an unknown permission", () => {
    const sample = {
      "sample/actions.ts": {
        declared: tenantAction("client.create", async () => ({})),
        signedIn: signedInAction(async () => ({})),
        open: publicAction(async () => undefined),
        plain: async () => ({}),
        lookalike: Object.assign(async () => ({}), { kind: "tenant", permission: "client.create" }),
        unknown: tenantAction("client.teleport" as "client.create", async () => ({})),
      },
    };
    expect(undeclaredActions(sample, KNOWN)).toEqual([
      "sample/actions.ts: plain",
      "sample/actions.ts: lookalike",
      "sample/actions.ts: unknown",
    ]);
    expect(actionDeclaration(sample["sample/actions.ts"].declared)).toEqual({ kind: "tenant", permission: "client.create" });
  });
});
