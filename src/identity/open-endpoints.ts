import type { BetterAuthPlugin } from "better-auth";

/**
 * Better Auth serves many endpoints (its core, the organization and two-factor plugins); over HTTP,
 * only these are open. Everything else under /api/auth answers 404, so an endpoint that a later
 * Better Auth release adds arrives closed. The app's own pages call Better Auth in-process
 * (`auth.api.*` from server actions), which this list does not affect.
 *
 * Each entry is a method and an exact path below /api/auth (a pattern only where the path carries a
 * token). Workspaces, memberships and invitations are changed through our services (permission
 * table, slug rules, audit trail), never through the organization plugin's endpoints.
 */
export const OPEN_AUTH_ENDPOINTS: readonly { method: "GET" | "POST"; path: string | RegExp; why: string }[] = [
  { method: "POST", path: "/sign-up/email", why: "sign-up (automation contract)" },
  { method: "POST", path: "/sign-in/email", why: "sign-in (automation contract)" },
  { method: "POST", path: "/sign-out", why: "sign-out" },
  { method: "GET", path: "/get-session", why: "the session and its active workspace" },
  { method: "GET", path: "/verify-email", why: "the link in the verification email" },
  { method: "POST", path: "/send-verification-email", why: "resend the verification email" },
  { method: "POST", path: "/request-password-reset", why: "forgot password" },
  { method: "GET", path: /^\/reset-password\/[A-Za-z0-9_-]{1,200}$/, why: "the link in the password reset email" },
  { method: "POST", path: "/reset-password", why: "set a new password with a reset token" },
  { method: "POST", path: "/change-password", why: "change password (signed in)" },
  { method: "GET", path: "/organization/list", why: "the signed-in user's own workspaces" },
  { method: "POST", path: "/organization/set-active", why: "switch the session's active workspace" },
  { method: "POST", path: "/two-factor/enable", why: "start a TOTP enrolment (password required)" },
  { method: "POST", path: "/two-factor/verify-totp", why: "confirm an enrolment, or the second sign-in step" },
  { method: "POST", path: "/two-factor/verify-backup-code", why: "the second sign-in step with a backup code" },
  { method: "POST", path: "/two-factor/generate-backup-codes", why: "new backup codes (password required)" },
  { method: "POST", path: "/two-factor/disable", why: "turn two-factor off (password required)" },
];

export const AUTH_BASE_PATH = "/api/auth";

export function isOpenAuthEndpoint(method: string, path: string): boolean {
  return OPEN_AUTH_ENDPOINTS.some((e) => e.method === method && (typeof e.path === "string" ? e.path === path : e.path.test(path)));
}

/** The allow-list as a Better Auth plugin: its onRequest runs for every HTTP request to the handler, before routing. */
export function openEndpointsOnly(): BetterAuthPlugin {
  return {
    id: "workledger-open-endpoints",
    onRequest: async (request) => {
      const pathname = new URL(request.url).pathname;
      const path = pathname.startsWith(`${AUTH_BASE_PATH}/`) ? pathname.slice(AUTH_BASE_PATH.length) : null;
      if (path !== null && isOpenAuthEndpoint(request.method, path)) return undefined;
      return {
        response: new Response(JSON.stringify({ message: "Not found", code: "NOT_FOUND" }), {
          status: 404,
          headers: { "content-type": "application/json", "cache-control": "no-store" },
        }),
      };
    },
  };
}
