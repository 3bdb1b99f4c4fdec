import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Cursor } from "@/platform/pagination";
import { auditEvents } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { AuditEventDto, AuditEventInput } from "./audit.schemas";

const eventColumns = {
  id: auditEvents.id,
  action: auditEvents.action,
  actorUserId: auditEvents.actorUserId,
  actorLabel: auditEvents.actorLabel,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  detail: auditEvents.detail,
  createdAt: auditEvents.createdAt,
};

export async function insertAuditEvent(t: TenantScope, actor: { userId: string | null; label: string }, e: AuditEventInput): Promise<void> {
  await t.db.insert(auditEvents).values({
    workspaceId: t.workspaceId,
    action: e.action,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    targetType: e.targetType,
    targetId: e.targetId,
    detail: e.detail ?? {},
  });
}

export async function listAuditEventsAfter(
  t: TenantScope,
  action: string | undefined,
  after: Cursor | undefined,
  limit: number,
): Promise<AuditEventDto[]> {
  return t.db
    .select(eventColumns)
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, t.workspaceId),
        action ? eq(auditEvents.action, action) : undefined,
        after
          ? or(lt(auditEvents.createdAt, after.createdAt), and(eq(auditEvents.createdAt, after.createdAt), lt(auditEvents.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit + 1);
}
