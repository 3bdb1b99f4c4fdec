import { createMiddleware } from "hono/factory";
import { assertApiAccess } from "@/modules/plans/plans.service";
import { appUrl } from "@/platform/config";
import { AppError } from "@/platform/errors";
import { sessionUserFromHeaders } from "@/identity/session-user";
import { authenticateApiKey } from "@/modules/api-keys/api-keys.service";
import { resolveTenant } from "@/modules/workspaces/workspaces.service";
import { CSP_HEADER, contentSecurityPolicy, securityHeaders } from "./security-headers";
import type { ApiEnv } from "@/platform/http-kit/env";

/**
 * The browser security headers on every API answer (src/http/security-headers.ts decides them): the
 * policy of a non-document, unless the route set its own (the API docs page).
 */
export const browserSecurityHeaders = createMiddleware<ApiEnv>(async (c, next) => {
  await next();
  const csp = c.res.headers.get(CSP_HEADER) ?? contentSecurityPolicy("resource");
  const headers = securityHeaders(csp);
  try {
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  } catch {
    // A response with immutable headers (Response.redirect, a fetched one): copy it first.
    c.res = new Response(c.res.body, c.res);
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  }
});

const MAX_BODY_BYTES = 1024 * 1024;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The one operation that takes an XML body (an e-invoice to validate); every other body is JSON. */
const XML_BODY_PATHS = new Set(["/api/v1/einvoices/validate"]);
const XML_TYPE = /^(application|text)\/xml\b/i;

/** Bodies must be JSON (XML for the e-invoice validation) and at most 1 MB; anything else is refused before any work is done. */
export const requestGuards = createMiddleware<ApiEnv>(async (c, next) => {
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The request body is larger than 1 MB");
  if (UNSAFE.has(c.req.method)) {
    const type = c.req.header("content-type") ?? "";
    const hasBody = length > 0 || c.req.header("transfer-encoding") !== undefined;
    const xml = c.req.method === "POST" && XML_BODY_PATHS.has(c.req.path);
    if (xml && hasBody && !XML_TYPE.test(type)) throw new AppError("unsupported_media_type", "Send the document as application/xml");
    if (hasBody && !xml && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AppError("unsupported_media_type", "Send the request body as application/json");
    }
    if (hasBody) {
      const text = await c.req.text();
      if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The request body is larger than 1 MB");
    }
  }
  await next();
});

/**
 * Identity and tenant, resolved once: a workspace API key (Bearer), or the browser session cookie
 * acting in its active workspace. Nothing in the path, headers or body can name another workspace.
 */
export const authenticate = createMiddleware<ApiEnv>(async (c, next) => {
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const principal = match ? await authenticateApiKey(match[1]!) : null;
    if (!principal) throw new AppError("unauthenticated", "The API key is missing, unknown, revoked or expired");
    // The workspace's plan must include API access (a 402 naming the plan that does).
    await assertApiAccess(principal.workspaceId);
    c.set("tenant", principal);
    c.set("principal", { kind: "api_key", id: principal.apiKeyId });
    return next();
  }
  const user = await sessionUserFromHeaders(c.req.raw.headers);
  if (!user) throw new AppError("unauthenticated", "Sign in, or send Authorization: Bearer <API key>");
  // Cookies ride along on cross-site requests: changes need the app's own Origin, as Better Auth requires.
  if (UNSAFE.has(c.req.method) && c.req.header("origin") !== appUrl()) {
    throw new AppError("forbidden", "Cross-site request refused: the Origin header must be the app's");
  }
  if (!user.activeWorkspaceId) throw AppError.notFound("Workspace");
  c.set("tenant", await resolveTenant(user.userId, user.activeWorkspaceId));
  // The user, not the session: a retry after signing in again is still the same caller.
  c.set("principal", { kind: "user", id: user.userId });
  return next();
});
