import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./env";
import { registerClientRoutes } from "@/modules/clients/clients.routes";

/** Every module's REST routes; each <domain>.routes.ts parses, calls its service and serialises. */
export function registerApiRoutes(app: OpenAPIHono<ApiEnv>): void {
  registerClientRoutes(app);
}
