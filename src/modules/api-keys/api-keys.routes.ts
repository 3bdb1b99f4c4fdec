import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { bearerSecurity, errorResponses, IdParam, iso, json, jsonBody, listOf } from "@/platform/http-kit/openapi";
import { apiInput } from "@/platform/http-kit/api-schema";
import { pageOnlyQuery } from "@/platform/pagination";
import { createApiKeyInput } from "./api-keys.schemas";
import { ROLES } from "@/platform/permissions";
import * as apiKeys from "./api-keys.service";
import type { ApiKeyDto } from "./api-keys.schemas";

export const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ example: "wl_live_Ab3x" }),
    role: z.enum(ROLES),
    created_by: z.object({ user_id: z.string(), name: z.string() }),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");

function apiKeyToApi(k: ApiKeyDto): z.infer<typeof ApiKey> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role as (typeof ROLES)[number],
    created_by: { user_id: k.createdBy.userId, name: k.createdBy.name },
    created_at: k.createdAt.toISOString(),
    last_used_at: iso(k.lastUsedAt),
    expires_at: iso(k.expiresAt),
    revoked_at: iso(k.revokedAt),
  };
}

const CreatedApiKey = ApiKey.extend({ secret: z.string().openapi({ description: "Shown once; only its hash is stored" }) }).openapi(
  "CreatedApiKey",
);
const tags = ["API keys"];

export function registerApiKeyRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "api_key.read",
      method: "get",
      path: "/api/v1/api-keys",
      operationId: "listApiKeys",
      tags,
      security: bearerSecurity,
      request: { query: apiInput(pageOnlyQuery) },
      responses: { 200: json(listOf(ApiKey, "ApiKeyList"), "Keys, oldest first"), ...errorResponses },
    },
    async (c) => {
      const page = await apiKeys.listApiKeysPage(c.get("tenant"), c.req.valid("query"));
      return c.json({ data: page.items.map(apiKeyToApi), next_cursor: page.nextCursor }, 200);
    },
  );
  api.operation(
    {
      permission: "api_key.create",
      method: "post",
      path: "/api/v1/api-keys",
      operationId: "createApiKey",
      tags,
      security: bearerSecurity,
      request: jsonBody(apiInput(createApiKeyInput, "CreateApiKey")),
      responses: { 201: json(CreatedApiKey, "Created; the secret is in this answer only"), ...errorResponses },
    },
    async (c) => {
      const { apiKey, secret } = await apiKeys.createApiKey(c.get("tenant"), c.req.valid("json"));
      return c.json({ ...apiKeyToApi(apiKey), secret }, 201);
    },
  );
  api.operation(
    {
      permission: "api_key.revoke",
      method: "delete",
      path: "/api/v1/api-keys/{id}",
      operationId: "revokeApiKey",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 204: { description: "Revoked" }, ...errorResponses },
    },
    async (c) => {
      await apiKeys.revokeApiKey(c.get("tenant"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
