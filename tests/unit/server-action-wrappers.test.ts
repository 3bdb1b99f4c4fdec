import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { can, PERMISSIONS, ROLES, type Action, type Role } from "@/platform/permissions";
import { AppError } from "@/platform/errors";
import { APIError } from "better-auth";
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

const { tenantAction, signedInAction, publicAction, messageUnder } = await import("@/app/server-action");

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

describe("the one error mapping: Better Auth errors too, for every wrapper", () => {
  const authError = (code: string, message: string, errors?: Record<string, string[]>) =>
    new APIError("BAD_REQUEST", { code, message, ...(errors ? { errors } : {}) });

  it("a Better Auth error becomes its friendly message (or its field errors under the form's names), with the values but no secret", async () => {
    const signIn = publicAction(async (_prev: FormState, _fd: FormData): Promise<FormState> => {
      throw authError("INVALID_EMAIL_OR_PASSWORD", "Invalid email or password");
    });
    expect(await signIn({}, form({ email: "a@b.test", password: "hunter2 hunter2" }))).toEqual({
      message: "Wrong email or password",
      fieldErrors: undefined,
      values: { email: "a@b.test" },
    });
    const signUp = publicAction(
      async (_prev: FormState, _fd: FormData): Promise<FormState> => {
        throw authError("PASSWORD_POLICY", "Weak", { newPassword: ["Too easy to guess"] });
      },
      { fields: { newPassword: "password" } },
    );
    expect(await signUp({}, form({ name: "Ann", password: "x", code: "123456" }))).toEqual({
      message: "Please fix the highlighted fields",
      fieldErrors: { password: ["Too easy to guess"] },
      values: { name: "Ann" },
    });
  });

  it("reshape puts the message under a field and sees the action's arguments (the previous state kept)", async () => {
    const prev = { enrolment: { totpUri: "otpauth://x", qrSvg: "<svg/>", secret: "S", backupCodes: ["a"] } };
    const confirm = signedInAction(
      async (_user, _prev: typeof prev & FormState, _fd: FormData): Promise<typeof prev & FormState> => {
        throw authError("INVALID_CODE", "Invalid code");
      },
      { reshape: (state, [previous]) => ({ ...previous, ...messageUnder("code", "That code is not right")(state) }) },
    );
    expect(await confirm(prev, form({ code: "000000" }))).toEqual({
      ...prev,
      fieldErrors: { code: ["That code is not right (codes change every 30 seconds)"] },
    });
    // Only Better Auth errors are reshaped: an AppError (a rate limit) stays the form's message.
    const limited = signedInAction(
      async (_user, _prev: FormState, _fd: FormData): Promise<FormState> => {
        throw new AppError("rate_limited", "Too many attempts");
      },
      { reshape: messageUnder("code", "never") },
    );
    expect(await limited({}, form({ code: "1" }))).toMatchObject({ message: "Too many attempts", values: {} });
  });

  it("public actions map AppErrors like the others and let redirects, 404s and bugs through", async () => {
    const failing = publicAction(async (_prev: FormState, _fd: FormData): Promise<FormState> => {
      throw new AppError("rate_limited", "Slow down");
    });
    expect(await failing({}, form({ email: "e@x.test" }))).toEqual({
      message: "Slow down",
      fieldErrors: undefined,
      values: { email: "e@x.test" },
    });
    for (const [err, thrown] of [
      [new Error("NEXT_REDIRECT:/dashboard"), "NEXT_REDIRECT:/dashboard"],
      [AppError.notFound("Invitation"), "NEXT_NOT_FOUND"],
      [new TypeError("bug"), "bug"],
    ] as const) {
      await expect(publicAction(async () => Promise.reject(err))()).rejects.toThrow(thrown);
    }
  });
});
