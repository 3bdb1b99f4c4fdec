import { createHash } from "node:crypto";
import { now } from "@/lib/clock";
import { createMiddleware } from "hono/factory";
import { and, eq, sql } from "drizzle-orm";
import { appUrl } from "../config";
import { AppError } from "../errors";
import { withTenant } from "../db/tenant";
import { idempotencyKeys } from "../db/schema";
import { sessionUserFromHeaders } from "../auth/session-user";
import { authenticateApiKey } from "@/modules/api-keys/api-keys.service";
import { resolveTenant } from "@/modules/workspaces/workspaces.service";
import { consumeApiBudget } from "./rate-limit";
import { problemResponse } from "./problem";
import { CSP_HEADER, contentSecurityPolicy, securityHeaders } from "../security-headers";
import type { ApiEnv } from "./env";

/**
 * The browser security headers on every API answer (src/server/security-headers.ts decides them): the
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

/** Bodies must be JSON and at most 1 MB; anything else is refused before any work is done. */
export const requestGuards = createMiddleware<ApiEnv>(async (c, next) => {
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The request body is larger than 1 MB");
  if (["POST", "PUT", "PATCH"].includes(c.req.method)) {
    const type = c.req.header("content-type") ?? "";
    const hasBody = length > 0 || c.req.header("transfer-encoding") !== undefined;
    if (hasBody && !/^application\/(.+\+)?json\b/i.test(type)) {
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
  c.set("principal", { kind: "session", id: user.sessionId });
  return next();
});

/** Per-workspace and per-caller budgets, with RateLimit-* headers on every answer and Retry-After on 429. */
export const rateLimit = createMiddleware<ApiEnv>(async (c, next) => {
  const tenant = c.get("tenant");
  const principal = c.get("principal");
  const d = await consumeApiBudget(tenant.workspaceId, `${principal.kind}:${principal.id}`);
  const headers = { "RateLimit-Limit": String(d.limit), "RateLimit-Remaining": String(d.remaining), "RateLimit-Reset": String(d.resetSeconds) };
  if (!d.allowed) {
    return problemResponse(
      429,
      { type: "https://workledger.dev/problems/rate_limited", title: `Too many requests; try again in ${d.resetSeconds} seconds`, status: 429, code: "rate_limited" },
      { ...headers, "Retry-After": String(d.resetSeconds) },
    );
  }
  await next();
  for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
});

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const PENDING_STALE_MS = 60 * 1000;

/**
 * Idempotency-Key on POST: the first request's status and body are stored for the workspace; the same
 * key with the same request within 24 h gets them back (no second row), with another request a 422.
 */
export const idempotency = createMiddleware<ApiEnv>(async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (c.req.method !== "POST" || key === undefined) return next();
  if (key.length < 1 || key.length > 255 || /[^\x21-\x7e]/.test(key)) {
    throw new AppError("bad_request", "Idempotency-Key must be 1–255 visible ASCII characters");
  }
  const tenant = c.get("tenant");
  const url = new URL(c.req.url);
  const requestHash = createHash("sha256").update(`${c.req.method} ${url.pathname}${url.search}\n${await c.req.text()}`).digest("hex");
  const claimed = await withTenant(tenant, async (t) => {
    const expired = new Date(now().getTime() - IDEMPOTENCY_TTL_MS);
    const stale = new Date(now().getTime() - PENDING_STALE_MS);
    await t.db
      .delete(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.workspaceId, t.workspaceId),
          eq(idempotencyKeys.key, key),
          sql`(${idempotencyKeys.createdAt} < ${expired.toISOString()} or (${idempotencyKeys.status} is null and ${idempotencyKeys.createdAt} < ${stale.toISOString()}))`,
        ),
      );
    const inserted = await t.db
      .insert(idempotencyKeys)
      .values({ workspaceId: t.workspaceId, key, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) return { claimed: true as const };
    const [row] = await t.db
      .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, body: idempotencyKeys.responseBody })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.workspaceId, t.workspaceId), eq(idempotencyKeys.key, key)));
    return { claimed: false as const, row };
  });
  if (!claimed.claimed) {
    const row = claimed.row;
    if (!row || row.requestHash !== requestHash) {
      throw new AppError("validation_failed", "This Idempotency-Key was already used with a different request");
    }
    if (row.status === null) throw new AppError("conflict", "A request with this Idempotency-Key is still in progress");
    const type = row.status >= 400 ? "application/problem+json" : "application/json";
    return new Response(row.body, { status: row.status, headers: { "content-type": type, "Idempotent-Replayed": "true" } });
  }
  let stored = false;
  try {
    await next();
    if (c.res.status < 500) {
      const body = await c.res.clone().text();
      await withTenant(tenant, (t) =>
        t.db
          .update(idempotencyKeys)
          .set({ status: c.res.status, responseBody: body })
          .where(and(eq(idempotencyKeys.workspaceId, t.workspaceId), eq(idempotencyKeys.key, key))),
      );
      stored = true;
    }
  } finally {
    if (!stored) {
      // A server error is not a result: let the client retry with the same key.
      await withTenant(tenant, (t) =>
        t.db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.workspaceId, t.workspaceId), eq(idempotencyKeys.key, key))),
      ).catch(() => {});
    }
  }
});
