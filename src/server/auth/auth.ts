import { randomUUID } from "node:crypto";
import { now } from "@/lib/clock";
import { betterAuth, APIError, getCurrentAdapter } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { organization } from "better-auth/plugins";
import { nextCookies } from "better-auth/next-js";
import { drizzleAdapter } from "@better-auth/drizzle-adapter";
import { appUrl } from "../config";
import { CLIENT_IP_HEADER } from "../rate-limit";
import { authDb } from "../db/client";
import { accounts, invitations, members, sessions, users, verifications, workspaces } from "../db/schema";
import { fieldErrorsFromZod } from "../errors";
import { signUpInput, signUpWithInvitationInput } from "@/modules/workspaces/workspaces.schemas";
import { findPendingInvitation } from "@/modules/invitations/invitations.service";
import { slugify, suffixedSlug } from "@/lib/slug";

const SIGN_UP_PATH = "/sign-up/email";

/*
 * The organization plugin gives us the workspace tables, the session's active workspace and
 * membership-checked switching. Its endpoints that change workspaces or memberships would bypass
 * our permission table, slug rules and audit trail, so they are closed over HTTP; our services do that.
 */
const OPEN_ORGANIZATION_PATHS = new Set(["/organization/list", "/organization/set-active", "/organization/get-active-member"]);
const CLOSED_ORGANIZATION_PATHS = [
  "accept-invitation", "add-team-member", "cancel-invitation", "check-slug", "create", "create-role", "create-team",
  "delete", "delete-role", "get-active-member-role", "get-full-organization", "get-invitation", "get-organization",
  "get-role", "has-permission", "invite-member", "leave", "list-invitations", "list-members", "list-roles",
  "list-team-members", "list-teams", "list-user-invitations", "list-user-teams", "reject-invitation", "remove-member",
  "remove-team", "remove-team-member", "set-active-team", "update", "update-member-role", "update-role", "update-team",
].map((p) => `/organization/${p}`).filter((p) => !OPEN_ORGANIZATION_PATHS.has(p));

type Adapter = Awaited<ReturnType<typeof getCurrentAdapter>>;

async function freeSlug(adapter: Adapter, name: string): Promise<string> {
  const base = slugify(name);
  for (const candidate of [base, suffixedSlug(base), suffixedSlug(base)]) {
    const taken = await adapter.findOne({ model: "organization", where: [{ field: "slug", value: candidate }] });
    if (!taken) return candidate;
  }
  throw new APIError("CONFLICT", { message: "Could not find a free address for this workspace; try another name", code: "CONFLICT" });
}

function readField(body: unknown, field: string): string | undefined {
  if (body && typeof body === "object" && field in body) {
    const value: unknown = (body as Record<string, unknown>)[field];
    if (typeof value === "string") return value;
  }
  return undefined;
}


function authAttemptsPerMinute(): number {
  const n = Number(process.env.AUTH_RATE_LIMIT_PER_MINUTE ?? 30);
  return Number.isInteger(n) && n > 0 ? n : 30;
}

function createAuth() {
  const secret = process.env.BETTER_AUTH_SECRET;
  if (!secret) throw new Error("BETTER_AUTH_SECRET is not set: start the app with `npm start`");
  return betterAuth({
    appName: "Workledger",
    secret,
    baseURL: appUrl(),
    trustedOrigins: [appUrl()],
    telemetry: { enabled: false },
    database: drizzleAdapter(authDb(), {
      provider: "pg",
      transaction: true,
      schema: { user: users, session: sessions, account: accounts, verification: verifications, organization: workspaces, member: members, invitation: invitations },
    }),
    advanced: {
      database: { generateId: () => randomUUID() },
      // Set by src/server.ts from the socket (or, with TRUST_PROXY=1, the proxy's X-Forwarded-For),
      // replacing any client value: a client cannot pick its own rate-limit bucket.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    // Better Auth's limiter (on in production) allows 3 sign-ins or sign-ups per 10 s per address by
    // default, which an office behind one NAT or a script creating accounts hits at once.
    rateLimit: {
      window: 60,
      max: 600,
      customRules: {
        "/sign-in/email": { window: 60, max: authAttemptsPerMinute() },
        "/sign-up/email": { window: 60, max: authAttemptsPerMinute() },
      },
    },
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    // No cookie cache: the session (and its active workspace) is read from the database on every request.
    session: { cookieCache: { enabled: false } },
    disabledPaths: CLOSED_ORGANIZATION_PATHS,
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
      nextCookies(),
    ],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_UP_PATH) return;
        const viaInvitation = readField(ctx.body, "invitationToken") !== undefined;
        const parsed = (viaInvitation ? signUpWithInvitationInput : signUpInput).safeParse(ctx.body);
        if (parsed.success && "invitationToken" in parsed.data) {
          const invitation = await findPendingInvitation(parsed.data.invitationToken);
          if (!invitation || invitation.email.toLowerCase() !== parsed.data.email.toLowerCase()) {
            throw new APIError("BAD_REQUEST", {
              message: "This invitation link is not valid for this email address",
              code: "VALIDATION_FAILED",
              errors: { email: ["Use the email address the invitation was sent to"] },
            });
          }
        }
        if (!parsed.success) {
          throw new APIError("BAD_REQUEST", {
            message: parsed.error.issues[0]?.message ?? "Invalid sign-up",
            code: "VALIDATION_FAILED",
            errors: fieldErrorsFromZod(parsed.error),
          });
        }
      }),
    },
    databaseHooks: {
      session: {
        create: {
          /*
           * Runs inside Better Auth's sign-up transaction (the adapter of the current transaction
           * comes from getCurrentAdapter): user, account, workspace, owner membership and session
           * commit together or not at all. On sign-in, the session starts in the user's first workspace.
           */
          before: async (session, ctx) => {
            const adapter = await getCurrentAdapter(ctx?.context.adapter as Adapter);
            if (ctx?.path === SIGN_UP_PATH) {
              // Signing up from an invitation: the invitation (accepted right after) brings the workspace.
              if (readField(ctx.body, "invitationToken") !== undefined) return { data: { ...session, activeOrganizationId: null } };
              const name = readField(ctx.body, "workspaceName")?.trim();
              if (!name) throw new APIError("BAD_REQUEST", { message: "Workspace name is required", code: "VALIDATION_FAILED" });
              const workspace = await adapter.create<{ name: string; slug: string; createdAt: Date }, { id: string }>({
                model: "organization",
                data: { name, slug: await freeSlug(adapter, name), createdAt: now() },
              });
              await adapter.create({
                model: "member",
                data: { organizationId: workspace.id, userId: session.userId, role: "owner", createdAt: now() },
              });
              return { data: { ...session, activeOrganizationId: workspace.id } };
            }
            const first = await adapter.findMany<{ organizationId: string }>({
              model: "member",
              where: [{ field: "userId", value: session.userId }],
              sortBy: { field: "createdAt", direction: "asc" },
              limit: 1,
            });
            return { data: { ...session, activeOrganizationId: first[0]?.organizationId ?? null } };
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
