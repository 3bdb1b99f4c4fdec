import { createHash } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { now } from "@/lib/clock";
import { AppError } from "@/platform/errors";
import { withTenant } from "@/platform/db/tenant";
import { open, seal } from "@/platform/secret-box";
import * as repo from "./idempotency.repo";
import type { ApiEnv } from "./env";

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const PENDING_STALE_MS = 60 * 1000;

/** What a sealed answer is bound to: it opens only for the row it was stored in. */
function associatedData(workspaceId: string, s: repo.IdempotencyScope, status: number): string {
  return JSON.stringify([workspaceId, s.principal, s.method, s.path, s.key, status]);
}

/**
 * Idempotency-Key on POST, after authentication, the operation's permission and the rate limit: the
 * first request's status and body are stored for this caller (API key or user), method and path, and
 * the same request with the same key within 24 h gets them back without running again; another
 * request with that key is a 422. Another caller's identical key is a different key: it runs afresh.
 * Stored bodies are sealed (AES-GCM, key derived from the server secret): they hold API-key secrets
 * and invitation links, which are never at rest in plain text.
 */
export const idempotency = createMiddleware<ApiEnv>(async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (c.req.method !== "POST" || key === undefined) return next();
  if (key.length < 1 || key.length > 255 || /[^\x21-\x7e]/.test(key)) {
    throw new AppError("bad_request", "Idempotency-Key must be 1–255 visible ASCII characters");
  }
  const tenant = c.get("tenant");
  const principal = c.get("principal");
  const url = new URL(c.req.url);
  const scope: repo.IdempotencyScope = { principal: `${principal.kind}:${principal.id}`, method: c.req.method, path: url.pathname, key };
  const requestHash = createHash("sha256")
    .update(`${c.req.method} ${url.pathname}${url.search}\n${await c.req.text()}`)
    .digest("hex");
  const at = now().getTime();
  const claimed = await withTenant(tenant, async (t) => {
    await repo.purgeExpired(t, scope, new Date(at - IDEMPOTENCY_TTL_MS), new Date(at - PENDING_STALE_MS));
    if (await repo.claim(t, scope, requestHash, new Date(at))) return { claimed: true as const };
    return { claimed: false as const, row: await repo.findStored(t, scope) };
  });
  if (!claimed.claimed) {
    const row = claimed.row;
    if (!row || row.requestHash !== requestHash) {
      throw new AppError("validation_failed", "This Idempotency-Key was already used with a different request");
    }
    if (row.status === null || row.sealedBody === null)
      throw new AppError("conflict", "A request with this Idempotency-Key is still in progress");
    let body: string;
    try {
      body = open("idempotency-response", row.sealedBody, associatedData(tenant.workspaceId, scope, row.status));
    } catch {
      // Sealed under another server secret (or tampered with): never run the request a second time.
      throw new AppError("conflict", "The stored answer for this Idempotency-Key cannot be read; send the request with a new key");
    }
    const type = row.status >= 400 ? "application/problem+json" : "application/json";
    return new Response(body, { status: row.status, headers: { "content-type": type, "Idempotent-Replayed": "true" } });
  }
  let stored = false;
  try {
    await next();
    const status = c.res.status;
    if (status < 500) {
      const sealed = seal("idempotency-response", await c.res.clone().text(), associatedData(tenant.workspaceId, scope, status));
      await withTenant(tenant, (t) => repo.storeAnswer(t, scope, status, sealed));
      stored = true;
    }
  } finally {
    if (!stored) {
      // A server error is not a result: let the client retry with the same key.
      await withTenant(tenant, (t) => repo.release(t, scope)).catch(() => {});
    }
  }
});
