import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import { invoiceDeliveries, invoiceDeliveryAttempts } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { AttachFormat, DeliveryStatus, InvoiceDeliveryDto } from "./invoice-email.schemas";

export interface NewDelivery {
  invoiceId: string;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  attachPdf: boolean;
  attachFormat: AttachFormat;
  senderName: string;
  createdBy: string | null;
  createdByLabel: string;
}

const columns = {
  id: invoiceDeliveries.id,
  invoiceId: invoiceDeliveries.invoiceId,
  to: invoiceDeliveries.recipients,
  cc: invoiceDeliveries.cc,
  subject: invoiceDeliveries.subject,
  message: invoiceDeliveries.body,
  attachPdf: invoiceDeliveries.attachPdf,
  attachFormat: invoiceDeliveries.attachFormat,
  senderName: invoiceDeliveries.senderName,
  status: invoiceDeliveries.status,
  attempts: invoiceDeliveries.attempts,
  lastError: invoiceDeliveries.lastError,
  sentAt: invoiceDeliveries.sentAt,
  createdBy: invoiceDeliveries.createdBy,
  createdByLabel: invoiceDeliveries.createdByLabel,
  createdAt: invoiceDeliveries.createdAt,
};
export type DeliveryRow = Omit<Awaited<ReturnType<typeof findDelivery>> & object, "status" | "attachFormat"> & {
  status: DeliveryStatus;
  attachFormat: AttachFormat;
};

export async function insertDelivery(t: TenantScope, d: NewDelivery): Promise<string> {
  const [row] = await t.db
    .insert(invoiceDeliveries)
    .values({
      workspaceId: t.workspaceId,
      invoiceId: d.invoiceId,
      recipients: d.to,
      cc: d.cc,
      subject: d.subject,
      body: d.body,
      attachPdf: d.attachPdf,
      attachFormat: d.attachFormat,
      senderName: d.senderName,
      createdBy: d.createdBy,
      createdByLabel: d.createdByLabel,
      createdAt: now(),
      updatedAt: now(),
    })
    .returning({ id: invoiceDeliveries.id });
  return row!.id;
}

/** One delivery; `lock` holds it for this transaction (the job sending it, or recording an attempt). */
export async function findDelivery(t: TenantScope, id: string, lock = false) {
  const q = t.db
    .select(columns)
    .from(invoiceDeliveries)
    .where(and(eq(invoiceDeliveries.workspaceId, t.workspaceId), eq(invoiceDeliveries.id, id)));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

/** An invoice's deliveries, newest first, each with its attempts (oldest first). */
export async function listForInvoice(t: TenantScope, invoiceId: string, limit = 50): Promise<InvoiceDeliveryDto[]> {
  const rows = await t.db
    .select(columns)
    .from(invoiceDeliveries)
    .where(and(eq(invoiceDeliveries.workspaceId, t.workspaceId), eq(invoiceDeliveries.invoiceId, invoiceId)))
    .orderBy(desc(invoiceDeliveries.createdAt), desc(invoiceDeliveries.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const attempts = await t.db
    .select({
      deliveryId: invoiceDeliveryAttempts.deliveryId,
      attempt: invoiceDeliveryAttempts.attempt,
      outcome: invoiceDeliveryAttempts.outcome,
      error: invoiceDeliveryAttempts.error,
      at: invoiceDeliveryAttempts.createdAt,
    })
    .from(invoiceDeliveryAttempts)
    .where(
      and(
        eq(invoiceDeliveryAttempts.workspaceId, t.workspaceId),
        inArray(
          invoiceDeliveryAttempts.deliveryId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(invoiceDeliveryAttempts.attempt));
  return rows.map(({ senderName: _s, createdBy: _c, ...r }) => ({
    ...r,
    status: r.status as DeliveryStatus,
    attachFormat: r.attachFormat as AttachFormat,
    attemptLog: attempts
      .filter((a) => a.deliveryId === r.id)
      .map((a) => ({ attempt: a.attempt, outcome: a.outcome as "sent" | "failed", error: a.error, at: a.at })),
  }));
}

/** Records one attempt on a locked delivery and moves it on: sent, still queued (a retry follows), or failed for good. */
export async function recordAttempt(
  t: TenantScope,
  delivery: { id: string; attempts: number },
  outcome: { jobId: string; status: DeliveryStatus; error: string | null },
): Promise<number> {
  const attempt = delivery.attempts + 1;
  await t.db.insert(invoiceDeliveryAttempts).values({
    workspaceId: t.workspaceId,
    deliveryId: delivery.id,
    attempt,
    outcome: outcome.status === "sent" ? "sent" : "failed",
    error: outcome.error,
    jobId: outcome.jobId,
    createdAt: now(),
  });
  await t.db
    .update(invoiceDeliveries)
    .set({
      attempts: attempt,
      status: outcome.status,
      ...(outcome.status === "sent" ? { sentAt: now(), lastError: null } : { lastError: outcome.error }),
      updatedAt: now(),
    })
    .where(and(eq(invoiceDeliveries.workspaceId, t.workspaceId), eq(invoiceDeliveries.id, delivery.id)));
  return attempt;
}

/** Deliveries still queued that were queued before `before` (the sweep's: their job may never have been queued). */
export async function listQueuedBefore(t: TenantScope, before: Date, limit: number): Promise<string[]> {
  const rows = await t.db
    .select({ id: invoiceDeliveries.id })
    .from(invoiceDeliveries)
    .where(
      and(
        eq(invoiceDeliveries.workspaceId, t.workspaceId),
        sql`${invoiceDeliveries.status} = 'queued'`,
        lt(invoiceDeliveries.createdAt, before),
      ),
    )
    .orderBy(asc(invoiceDeliveries.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
