import { randomUUID } from "node:crypto";
import { now } from "@/lib/clock";
import { betterAuth, APIError } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { organization, twoFactor } from "better-auth/plugins";
import { nextCookies } from "better-auth/next-js";
import { drizzleAdapter } from "@better-auth/drizzle-adapter";
import { appUrl, authSecret, config } from "@/platform/config";
import { authRateLimitStorage, CLIENT_IP_HEADER } from "@/platform/rate-limit";
import { authAdapterDb } from "@/platform/db/client";
import { accounts, invitations, members, sessions, twoFactors, users, verifications, workspaces } from "@/platform/db/schema";
import { fieldErrorsFromZod } from "@/platform/errors";
import { signUpInput, signUpWithInvitationInput } from "@/modules/workspaces/sign-up.schemas";
import { findPendingInvitation } from "@/modules/invitations/invitations.service";
import { asUserId } from "@/lib/ids";
import { AppError } from "@/platform/errors";
import { createWorkspace, findMyWorkspace, firstWorkspaceOf } from "@/modules/workspaces/workspaces.service";
import { openEndpointsOnly } from "./open-endpoints";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from "@/platform/password-policy";
import { sendPasswordChangedMail, sendPasswordResetMail, sendVerificationMail } from "./account-mail";

const SIGN_UP_PATH = "/sign-up/email";
const MINUTE = 60;

function readField(body: unknown, field: string): string | undefined {
  if (body && typeof body === "object" && field in body) {
    const value: unknown = (body as Record<string, unknown>)[field];
    if (typeof value === "string") return value;
  }
  return undefined;
}

/** The session of the request that is creating a new one, when there is one (enabling two-factor replaces it). */
function currentSessionOf(context: unknown): { userId: string; activeOrganizationId: string | null } | null {
  if (!context || typeof context !== "object" || !("session" in context)) return null;
  const session: unknown = (context as { session: unknown }).session;
  if (!session || typeof session !== "object" || !("session" in session)) return null;
  const inner: unknown = (session as { session: unknown }).session;
  if (!inner || typeof inner !== "object") return null;
  const userId = readField(inner, "userId");
  return userId ? { userId, activeOrganizationId: readField(inner, "activeOrganizationId") ?? null } : null;
}

/** 400 VALIDATION_FAILED with the message under the request's own field name. */
function refuseWeakPassword(field: string, password: string, person: { email: string; name: string }): void {
  const problem = passwordProblem(password, person);
  if (problem) throw new APIError("BAD_REQUEST", { message: problem, code: "VALIDATION_FAILED", errors: { [field]: [problem] } });
}

/**
 * The one place sign-up input is parsed (the sign-up form and POST /api/auth/sign-up/email alike):
 * what Better Auth and the hooks after this one see is the parsed body.
 */
async function checkSignUp(body: unknown): Promise<{ context: { body: Record<string, unknown> } }> {
  const viaInvitation = readField(body, "invitationToken") !== undefined;
  const parsed = (viaInvitation ? signUpWithInvitationInput : signUpInput).safeParse(body);
  if (!parsed.success) {
    throw new APIError("BAD_REQUEST", {
      message: parsed.error.issues[0]?.message ?? "Invalid sign-up",
      code: "VALIDATION_FAILED",
      errors: fieldErrorsFromZod(parsed.error),
    });
  }
  if ("invitationToken" in parsed.data) {
    const invitation = await findPendingInvitation(parsed.data.invitationToken);
    if (!invitation || invitation.email.toLowerCase() !== parsed.data.email.toLowerCase()) {
      throw new APIError("BAD_REQUEST", {
        message: "This invitation link is not valid for this email address",
        code: "VALIDATION_FAILED",
        errors: { email: ["Use the email address the invitation was sent to"] },
      });
    }
  }
  return { context: { body: parsed.data } };
}

/** Sign-in and sign-up attempts per client address per minute (AUTH_RATE_LIMIT_PER_MINUTE, default 30). */
export function authAttemptsPerMinute(): number {
  return config().AUTH_RATE_LIMIT_PER_MINUTE;
}

function createAuth() {
  const secret = authSecret();
  return betterAuth({
    appName: "Workledger",
    secret,
    baseURL: appUrl(),
    trustedOrigins: [appUrl()],
    telemetry: { enabled: false },
    database: drizzleAdapter(authAdapterDb(), {
      provider: "pg",
      transaction: true,
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        organization: workspaces,
        member: members,
        invitation: invitations,
        twoFactor: twoFactors,
      },
    }),
    advanced: {
      database: { generateId: () => randomUUID() },
      // Set by src/main.ts from the socket (or, with TRUST_PROXY=1, the proxy's X-Forwarded-For),
      // replacing any client value: a client cannot pick its own rate-limit bucket.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    // Better Auth's limiter (on in production) allows 3 sign-ins or sign-ups per 10 s per address by
    // default, which an office behind one NAT or a script creating accounts hits at once.
    // Counted on the app's one rate-limit store (src/platform/rate-limit.ts): shared through Redis
    // between instances when REDIS_URL is set, so a second instance does not double the budget.
    rateLimit: {
      customStorage: authRateLimitStorage,
      window: 60,
      max: 600,
      customRules: {
        "/sign-in/email": { window: MINUTE, max: authAttemptsPerMinute() },
        "/sign-up/email": { window: MINUTE, max: authAttemptsPerMinute() },
        "/request-password-reset": { window: MINUTE, max: 10 },
        "/send-verification-email": { window: MINUTE, max: 10 },
        "/reset-password": { window: MINUTE, max: 20 },
        "/change-password": { window: MINUTE, max: 20 },
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: true,
      // Kept possible without a verified address: a self-hosted install without SMTP must work, and
      // the owner of a fresh install signs up before anyone could read them a mail. What an address
      // proves (joining someone else's workspace by invitation) is gated on verification instead.
      requireEmailVerification: false,
      resetPasswordTokenExpiresIn: 60 * MINUTE,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => sendPasswordResetMail(user, url),
      onPasswordReset: async ({ user }) => sendPasswordChangedMail(user),
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: false,
      autoSignInAfterVerification: false,
      expiresIn: 60 * MINUTE,
      // An account that signed up through an invitation link is verified already (see databaseHooks).
      sendVerificationEmail: async ({ user, url }) => (user.emailVerified ? undefined : sendVerificationMail(user, url)),
    },
    // Reset-password tokens, two-factor challenges and trusted devices are stored as SHA-256 hashes of
    // their identifier: a copy of the database holds no usable token.
    verification: { storeIdentifier: "hashed" },
    // No cookie cache: the session (and its active workspace) is read from the database on every request.
    session: { cookieCache: { enabled: false } },
    plugins: [
      organization({
        allowUserToCreateOrganization: false,
        // Our invitations (src/modules/invitations) store a token hash; Better Auth never creates them.
        schema: {
          invitation: {
            additionalFields: {
              tokenHash: { type: "string", required: true, input: false },
              acceptedAt: { type: "date", required: false, input: false },
              acceptedBy: { type: "string", required: false, input: false },
              updatedAt: { type: "date", required: true, input: false, defaultValue: () => now() },
            },
          },
        },
      }),
      twoFactor({
        issuer: "Workledger",
        // Backup codes are stored encrypted (Better Auth's default, with a key from the server secret).
        backupCodeOptions: { storeBackupCodes: "encrypted", amount: 10 },
      }),
      openEndpointsOnly(),
      nextCookies(),
    ],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === SIGN_UP_PATH) return checkSignUp(ctx.body);
        if (ctx.path === "/reset-password") {
          // The policy needs the person the token belongs to (their email and name are guessable).
          const token = readField(ctx.body, "token") ?? readField(ctx.query, "token");
          const newPassword = readField(ctx.body, "newPassword");
          if (token === undefined || newPassword === undefined) return;
          const verification = await ctx.context.internalAdapter.findVerificationValue(`reset-password:${token}`);
          const user = verification ? await ctx.context.internalAdapter.findUserById(verification.value) : null;
          if (user) refuseWeakPassword("newPassword", newPassword, user);
          return;
        }
        if (ctx.path === "/change-password") {
          const newPassword = readField(ctx.body, "newPassword");
          const session = newPassword === undefined ? null : await getSessionFromCtx(ctx);
          if (session && newPassword !== undefined) refuseWeakPassword("newPassword", newPassword, session.user);
          return;
        }
        if (ctx.path === "/organization/set-active") {
          // One answer for "no such workspace" and "not yours": a 404 that does not say which.
          const session = await getSessionFromCtx(ctx);
          if (!session) return;
          const id = readField(ctx.body, "organizationId");
          const slug = readField(ctx.body, "organizationSlug");
          const target = id ? { id } : slug ? { slug } : null;
          if (target && !(await findMyWorkspace(asUserId(session.user.id), target))) {
            throw new APIError("NOT_FOUND", { message: "Workspace not found", code: "WORKSPACE_NOT_FOUND" });
          }
        }
      }),
    },
    databaseHooks: {
      user: {
        create: {
          /*
           * Signing up through an invitation link proves the address, for that invitation's address
           * only: the token reached its owner by email. Any other sign-up starts unverified.
           */
          before: async (user, ctx) => {
            if (ctx?.path !== SIGN_UP_PATH) return;
            const token = readField(ctx.body, "invitationToken");
            if (token === undefined) return;
            const invitation = await findPendingInvitation(token);
            if (invitation && invitation.email.toLowerCase() === user.email.toLowerCase())
              return { data: { ...user, emailVerified: true } };
          },
        },
      },
      session: {
        create: {
          /*
           * Runs inside Better Auth's sign-up transaction, which createWorkspace joins (see
           * authAdapterDb): user, account, workspace, owner membership and session commit together
           * or not at all. On sign-in, the session starts in the user's first workspace; a session
           * that replaces the caller's own (two-factor on or off) keeps its workspace.
           */
          before: async (session, ctx) => {
            if (ctx?.path === SIGN_UP_PATH) {
              // Signing up from an invitation: the invitation (accepted right after) brings the workspace.
              if (readField(ctx.body, "invitationToken") !== undefined) return { data: { ...session, activeOrganizationId: null } };
              const workspace = await createWorkspace(
                { userId: asUserId(session.userId) },
                { name: readField(ctx.body, "workspaceName") ?? "" },
              ).catch((err: unknown) => {
                if (err instanceof AppError) throw new APIError("BAD_REQUEST", { message: err.message, code: "VALIDATION_FAILED" });
                throw err;
              });
              return { data: { ...session, activeOrganizationId: workspace.workspaceId } };
            }
            const current = currentSessionOf(ctx?.context);
            if (current && current.userId === session.userId && current.activeOrganizationId) {
              return { data: { ...session, activeOrganizationId: current.activeOrganizationId } };
            }
            return { data: { ...session, activeOrganizationId: await firstWorkspaceOf(asUserId(session.userId)) } };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const holder = globalThis as typeof globalThis & { __workledgerAuth?: Auth };

/** Created on first use, after the database URLs and the secret are known. */
export function getAuth(): Auth {
  holder.__workledgerAuth ??= createAuth();
  return holder.__workledgerAuth;
}
