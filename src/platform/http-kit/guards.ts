import { createMiddleware } from "hono/factory";
import { assertCan, type Action } from "../permissions";
import { consumeApiBudget } from "./api-rate-limit";
import { problemResponse } from "./problem";
import type { ApiEnv } from "./env";

/**
 * The operation's declared permission, checked right after authentication and before anything that
 * counts, stores or writes (rate-limit budgets, idempotency claims and replays, body validation,
 * handlers). Services still check their own permission and finer rules behind this wall.
 */
export function requirePermission(action: Action) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    assertCan(c.get("tenant"), action);
    await next();
  });
}

/** Per-workspace and per-caller budgets, with RateLimit-* headers on every answer and Retry-After on 429. */
export const rateLimit = createMiddleware<ApiEnv>(async (c, next) => {
  const tenant = c.get("tenant");
  const principal = c.get("principal");
  const d = await consumeApiBudget(tenant.workspaceId, `${principal.kind}:${principal.id}`);
  const headers = {
    "RateLimit-Limit": String(d.limit),
    "RateLimit-Remaining": String(d.remaining),
    "RateLimit-Reset": String(d.resetSeconds),
  };
  if (!d.allowed) {
    return problemResponse(
      429,
      {
        type: "https://workledger.dev/problems/rate_limited",
        title: `Too many requests; try again in ${d.resetSeconds} seconds`,
        status: 429,
        code: "rate_limited",
      },
      { ...headers, "Retry-After": String(d.resetSeconds) },
    );
  }
  await next();
  for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
});
