import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { bearerSecurity, errorResponses, json, listOf } from "@/platform/http-kit/openapi";
import { apiInput } from "@/platform/http-kit/api-schema";
import { listAuditEvents } from "./audit.service";
import { AUDIT_ACTIONS, listAuditEventsQuery } from "./audit.schemas";

export const AuditEvent = z
  .object({
    id: z.uuid(),
    action: z.enum(AUDIT_ACTIONS),
    actor_user_id: z.string().nullable(),
    actor_label: z.string(),
    target_type: z.string(),
    target_id: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    created_at: z.string(),
  })
  .openapi("AuditEvent");

export function registerAuditRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "audit.read",
      method: "get",
      path: "/api/v1/audit-events",
      operationId: "listAuditEvents",
      tags: ["Audit"],
      security: bearerSecurity,
      request: { query: apiInput(listAuditEventsQuery) },
      responses: { 200: json(listOf(AuditEvent, "AuditEventList"), "Events, newest first"), ...errorResponses },
    },
    async (c) => {
      const page = await listAuditEvents(c.get("tenant"), c.req.valid("query"));
      return c.json(
        {
          data: page.items.map((e) => ({
            id: e.id,
            action: e.action as (typeof AUDIT_ACTIONS)[number],
            actor_user_id: e.actorUserId,
            actor_label: e.actorLabel,
            target_type: e.targetType,
            target_id: e.targetId,
            detail: e.detail,
            created_at: e.createdAt.toISOString(),
          })),
          next_cursor: page.nextCursor,
        },
        200,
      );
    },
  );
}
