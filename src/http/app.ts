import { OpenAPIHono } from "@hono/zod-openapi";
import { appUrl } from "@/platform/config";
import type { Action } from "@/platform/permissions";
import { registerDocs } from "./docs";
import { authenticate, browserSecurityHeaders, requestGuards } from "./middleware";
import { operationsOn, publicRoute, undeclaredRoutes } from "@/platform/http-kit/operation";
import { errorToResponse, problemResponse } from "@/platform/http-kit/problem";
import { requestValidationError } from "@/platform/http-kit/api-schema";
import type { ApiEnv } from "@/platform/http-kit/env";
import { registerApiRoutes } from "./routes";

/**
 * The REST API (/api/v1) on Hono, served by src/main.ts straight from Node's HTTP server (not
 * through Next.js), or alone by `npm run start:api`. Same app object in both.
 */
export function createApiApp(): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    // Before any handler runs: a malformed request is 400, a value that breaks a rule 422, with field errors.
    defaultHook: (result) => (result.success ? undefined : errorToResponse(requestValidationError(result.error, result.target))),
  });

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A workspace API key (wl_live_…), created in Settings → API keys or POST /api/v1/api-keys",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "better-auth.session_token",
    description: "The browser session; acts in the active workspace; changes need the app's Origin",
  });

  // First, so that every answer gets them: problem documents, 404s, the docs and the replayed ones included.
  app.use("*", browserSecurityHeaders);

  // Public: no credentials, no data, nothing written.
  const publicPaths = new Map<string, string>();
  publicRoute(app, publicPaths, { path: "/api/v1/openapi.json", why: "the API's own description" }, (c) => c.json(openApiDocument(app)));
  registerDocs(app, publicPaths);

  /*
   * The order every request goes through: request guards (size and type, no I/O) → authentication
   * (app-wide) → the operation's declared permission → rate limit → idempotency → validation →
   * handler. The last four are each operation's own chain, put in front of it by `operationsOn`.
   */
  app.use("/api/v1/*", requestGuards);
  app.use("/api/v1/*", async (c, next) => (publicPaths.has(c.req.path) ? next() : authenticate(c, next)));

  const operations = new Map<string, Action>();
  registerApiRoutes(operationsOn(app, operations));
  const undeclared = undeclaredRoutes(app.routes, operations, publicPaths);
  if (undeclared.length > 0) throw new Error(`API routes without a declared permission: ${undeclared.join(", ")}`);

  app.notFound((c) =>
    problemResponse(404, {
      type: "https://workledger.dev/problems/not_found",
      title: `No route ${c.req.method} ${c.req.path}`,
      status: 404,
      code: "not_found",
    }),
  );
  app.onError((err) => errorToResponse(err));
  return app;
}

let cachedDocument: unknown;

export function openApiDocument(app: OpenAPIHono<ApiEnv>): unknown {
  cachedDocument ??= app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Workledger API",
      version: "1.0.0",
      description: [
        "Invoicing for freelancers and agencies. Every request acts in exactly one workspace: the API key's, or the session's active one.",
        "**Permissions.** Each operation states the permission it needs (`x-permission`, and a line in its description) and the roles that have it. " +
          "It is checked right after authentication, before the rate limit, idempotency, validation or any change: a role without it gets 403 and nothing is counted or stored.",
        "**Idempotency.** POST operations accept an `Idempotency-Key` header. The same request with the same key within 24 hours, from the same caller " +
          "(the same API key, or the same signed-in user in any session), returns the first answer (`Idempotent-Replayed: true`) without running again; " +
          "with a different request it is 422. A key belongs to its caller, method and path: another caller sending the same key gets its own execution, " +
          "never someone else's answer. Stored answers, which can hold a new API key's secret or an invitation link, are encrypted at rest.",
      ].join("\n\n"),
    },
    servers: [{ url: appUrl() }],
  });
  return cachedDocument;
}
