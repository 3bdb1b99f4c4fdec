import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { OpenAPIHono } from "@hono/zod-openapi";
import { appUrl } from "../config";
import { fieldErrorsFromZod } from "../errors";
import { CSP_HEADER, contentSecurityPolicy, createNonce } from "../security-headers";
import { authenticate, browserSecurityHeaders, idempotency, rateLimit, requestGuards } from "./middleware";
import { errorToResponse, problemResponse, validationProblem } from "./problem";
import type { ApiEnv } from "./env";
import { registerApiRoutes } from "./routes";

/**
 * The REST API (/api/v1) on Hono, served by src/server.ts straight from Node's HTTP server (not
 * through Next.js), or alone by `npm run start:api`. Same app object in both.
 */
export function createApiApp(): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    // Request-shape errors (bad types, unknown fields): 400 with field errors, before any handler runs.
    defaultHook: (result) => (result.success ? undefined : validationProblem(fieldErrorsFromZod(result.error))),
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

  app.get("/api/v1/openapi.json", (c) => c.json(openApiDocument(app)));
  app.get("/api/docs", (c) => {
    const nonce = createNonce();
    return c.html(docsPage(nonce), 200, { [CSP_HEADER]: contentSecurityPolicy("api-docs", { nonce }) });
  });
  app.get("/api/docs/scalar.js", () => new Response(scalarBundle(), { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" } }));

  app.use("/api/v1/*", requestGuards);
  app.use("/api/v1/*", async (c, next) => (c.req.path === "/api/v1/openapi.json" ? next() : authenticate(c, next)));
  app.use("/api/v1/*", async (c, next) => (c.req.path === "/api/v1/openapi.json" ? next() : rateLimit(c, next)));
  app.use("/api/v1/*", idempotency);

  registerApiRoutes(app);

  app.notFound((c) => problemResponse(404, { type: "https://workledger.dev/problems/not_found", title: `No route ${c.req.method} ${c.req.path}`, status: 404, code: "not_found" }));
  app.onError((err) => errorToResponse(err));
  return app;
}

let cachedDocument: unknown;

export function openApiDocument(app: OpenAPIHono<ApiEnv>): unknown {
  cachedDocument ??= app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Workledger API", version: "1.0.0", description: "Invoicing for freelancers and agencies. Every request acts in exactly one workspace: the API key's, or the session's active one." },
    servers: [{ url: appUrl() }],
  });
  return cachedDocument;
}

function docsPage(nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Workledger API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<script id="api-reference" data-url="/api/v1/openapi.json" nonce="${nonce}"></script>
<script src="/api/docs/scalar.js" nonce="${nonce}"></script></body></html>`;
}

let scalar: string | undefined;
function scalarBundle(): string {
  // Served from node_modules: the docs work on machines without access to a CDN.
  scalar ??= readFileSync(createRequire(import.meta.url).resolve("@scalar/api-reference/dist/browser/standalone.js"), "utf8");
  return scalar;
}
