import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { parseInput } from "@/platform/validation";
import { cursorPage, decodeCursor, type CursorPage } from "@/platform/pagination";
import { listAuditEventsPageQuery, listAuditEventsQuery, type AuditEventDto, type AuditEventInput } from "./audit.schemas";
import * as repo from "./audit.repo";

/**
 * Appends an audit event inside the caller's open transaction, so it commits or rolls back with the
 * change it records. Services of other modules call this, never the repo.
 */
export async function recordAuditEvent(
  scope: TenantScope,
  ctx: { userId: TenantContext["userId"] | null; actorLabel: string },
  event: AuditEventInput,
): Promise<void> {
  await repo.insertAuditEvent(scope, { userId: ctx.userId, label: ctx.actorLabel }, event);
}

export async function listAuditEvents(
  ctx: TenantContext,
  query: unknown,
): Promise<{ items: AuditEventDto[]; total: number; page: number; pageSize: number; pageCount: number }> {
  assertCan(ctx, "audit.read");
  const q = parseInput(listAuditEventsQuery, query);
  const { items, total } = await withTenant(ctx, (t) => repo.listAuditEvents(t, q));
  return { items, total, page: q.page, pageSize: q.pageSize, pageCount: Math.max(1, Math.ceil(total / q.pageSize)) };
}

/** Cursor-paginated (newest first), for the API. */
export async function listAuditEventsPage(ctx: TenantContext, query: unknown): Promise<CursorPage<AuditEventDto>> {
  assertCan(ctx, "audit.read");
  const q = parseInput(listAuditEventsPageQuery, query);
  const after = decodeCursor("audit-events", q.cursor);
  return cursorPage("audit-events", await withTenant(ctx, (t) => repo.listAuditEventsAfter(t, q.action, after, q.limit)), q.limit);
}
