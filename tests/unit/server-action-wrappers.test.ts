import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { can, PERMISSIONS, ROLES, type Action, type Role } from "@/platform/permissions";
import { AppError } from "@/platform/errors";
import type { FormState } from "@/components/forms/form-state";

/*
 * The server action wrappers: the declared permission is checked right after the tenant is resolved,
 * before the action's body runs; errors become form state. The request context (cookies → session →
 * membership) needs a Next.js request, so it is replaced here by a fixed tenant; everything after it
 * is the real code. Over real HTTP, tests/e2e/server-actions.test.ts replays actions as other callers.
 */
const context = vi.hoisted(() => ({ role: "member" as string, signedIn: true }));

vi.mock("@/identity/request-context", () => ({
  requireTenant: async () => {
    if (!context.signedIn) throw new Error("NEXT_REDIRECT:/sign-in");
    return { userId: "u1", workspaceId: "w1", role: context.role, actorLabel: "Test", workspaceName: "W", user: { userId: "u1" } };
  },
  requireUser: async () => {
    if (!context.signedIn) throw new Error("NEXT_REDIRECT:/sign-in");
    return { userId: "u1", sessionId: "s1", name: "Test", email: "t@example.test", activeWorkspaceId: null };
  },
}));
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const { tenantAction, signedInAction } = await import("@/app/server-action");

beforeEach(() => {
  context.role = "member";
  context.signedIn = true;
});

const ACTIONS = Object.keys(PERMISSIONS) as Action[];

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

describe("tenantAction", () => {
  it("for every action × role of the table: refused roles get form state and the body never runs; allowed roles run it", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...ROLES),
        fc.string({ maxLength: 20 }),
        async (permission, role, name) => {
          context.role = role;
          const body = vi.fn(async (_tenant: unknown, _prev: FormState, _fd: FormData): Promise<FormState> => ({ message: "ran" }));
          const action = tenantAction(permission, body);
          const state = await action({}, form({ name, password: "secret-password" }));
          if (can(role as Role, permission)) {
            expect(body).toHaveBeenCalledTimes(1);
            expect(state).toEqual({ message: "ran" });
          } else {
            expect(body).not.toHaveBeenCalled();
            expect(state.message).toBe(`Your role (${role}) may not do this (${permission})`);
            // The submitted values come back to refill the form; a password never does.
            expect(state.values).toEqual({ name });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("passes the tenant and the arguments through, and maps an AppError from the body to form state with field errors", async () => {
    context.role = "admin";
    const action = tenantAction("tax_rate.create", async (tenant, id: string, _prev: object, fd: FormData) => {
      expect([tenant.workspaceId, tenant.role, id]).toEqual(["w1", "admin", "rate-1"]);
      throw new AppError("validation_failed", "Please fix the highlighted fields", { rate: [`bad rate ${String(fd.get("rate"))}`] });
    });
    expect(await action("rate-1", {}, form({ rate: "x" }))).toEqual({
      message: "Please fix the highlighted fields",
      fieldErrors: { rate: ["bad rate x"] },
      values: { rate: "x" },
    });
  });

  it("lets Next.js's own control flow and bugs through: a redirect, a 404 for a foreign resource, an unexpected error", async () => {
    context.role = "owner";
    await expect(tenantAction("client.read", async () => Promise.reject(new Error("NEXT_REDIRECT:/clients")))()).rejects.toThrow(
      "NEXT_REDIRECT:/clients",
    );
    await expect(tenantAction("client.read", async () => Promise.reject(AppError.notFound("Client")))()).rejects.toThrow("NEXT_NOT_FOUND");
    await expect(tenantAction("client.read", async () => Promise.reject(new TypeError("bug")))()).rejects.toThrow("bug");
  });

  it("without a signed-in user, neither checks nor runs anything (the context sends to sign-in)", async () => {
    context.signedIn = false;
    const body = vi.fn(async () => ({}));
    await expect(tenantAction("client.read", body)()).rejects.toThrow("NEXT_REDIRECT:/sign-in");
    expect(body).not.toHaveBeenCalled();
  });
});

describe("signedInAction", () => {
  it("runs with the user and maps AppErrors to form state; without a user it never runs", async () => {
    const ok = signedInAction(async (user, x: number) => ({ message: `${user.userId}:${x}` }));
    expect(await ok(7)).toEqual({ message: "u1:7" });
    const failing = signedInAction(async (_user, _prev: object, _fd: FormData) => Promise.reject(new AppError("conflict", "Taken")));
    expect(await failing({}, form({ name: "Acme" }))).toEqual({ message: "Taken", fieldErrors: undefined, values: { name: "Acme" } });
    context.signedIn = false;
    const body = vi.fn(async () => ({}));
    await expect(signedInAction(body)()).rejects.toThrow("NEXT_REDIRECT:/sign-in");
    expect(body).not.toHaveBeenCalled();
  });
});
