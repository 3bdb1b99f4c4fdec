import type { TenantContext } from "../db/tenant";

/** What the API middleware puts on the Hono context for the route handlers. */
export interface ApiEnv {
  Variables: {
    tenant: TenantContext & { workspaceName?: string };
    /** "api_key" or "session": who is calling, for the rate limit key. */
    principal: { kind: "api_key"; id: string } | { kind: "session"; id: string };
  };
}
