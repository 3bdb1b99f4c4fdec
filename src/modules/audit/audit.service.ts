import type { z } from "@hono/zod-openapi";
import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { parseInput } from "@/platform/validation";
import { cursorPage, decodeCursor, type CursorPage } from "@/platform/pagination";
import { listAuditEventsQuery, type AuditEventDto, type AuditEventInput } from "./audit.schemas";
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

/** Newest first, keyset-paged after the cursor: for the API and the audit page. */
export async function listAuditEvents(ctx: TenantContext, query: z.input<typeof listAuditEventsQuery>): Promise<CursorPage<AuditEventDto>> {
  assertCan(ctx, "audit.read");
  const q = parseInput(listAuditEventsQuery, query);
  const after = decodeCursor("audit-events", q.cursor);
  return cursorPage("audit-events", await withTenant(ctx, (t) => repo.listAuditEventsAfter(t, q.action, after, q.limit)), q.limit);
}
