import type { TenantContext } from "@/platform/db/tenant";

/** Who is calling: an API key, or a signed-in user through the session cookie (the user, not the session). */
export type ApiPrincipal = { kind: "api_key"; id: string } | { kind: "user"; id: string };

/** What the API middleware puts on the Hono context for the route handlers. */
export interface ApiEnv {
  Variables: {
    tenant: TenantContext & { workspaceName?: string };
    /** For the per-caller rate limit and the idempotency scope. */
    principal: ApiPrincipal;
  };
}
