/** Status changes after the draft: send, void, payments settling or reopening, the overdue step. */
import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { now, today } from "@/lib/clock";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { assignInvoiceNumber } from "@/modules/invoice-settings/invoice-settings.service";
import { balanceDue, nextStatus, type InvoiceStatus } from "./invoice-lifecycle";
import { type InvoiceDto } from "./invoices.schemas";
import * as repo from "./invoices.repo";
import { loadInvoice, lockInvoice } from "./invoice-read";
import { ensureInvoiceLinkAs } from "./invoice-links";

/**
 * Sends a draft: it gets the workspace's next number (from the counter row, in this transaction) and
 * becomes sent — or overdue at once when its due date has already passed — and its public link.
 */
export async function sendInvoice(ctx: TenantContext, id: string): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.send");
  return withTenant(ctx, (t) => sendInvoiceIn(t, ctx, id));
}

/** Sending inside the caller's transaction (sending with an email queues it in the same one). The caller checked `invoice.send`. */
export async function sendInvoiceIn(t: TenantScope, ctx: TenantContext, id: string): Promise<InvoiceDto> {
  const row = await lockInvoice(t, id);
  let status = nextStatus(row.status, "send");
  const lines = await repo.findLines(t, id);
  if (lines.length === 0) throw new AppError("invalid_state", "Add at least one line before sending");
  if (row.totalMinor <= 0) throw new AppError("invalid_state", "An invoice must total more than zero to be sent");
  // Skip numbers already taken (possible after the prefix or padding changed, or imported invoices).
  let number = await assignInvoiceNumber(t);
  for (let tries = 0; await repo.numberTaken(t, number); tries++) {
    if (tries > 10_000) throw new AppError("conflict", "Could not find a free invoice number; check the numbering settings");
    number = await assignInvoiceNumber(t);
  }
  if (row.dueDate < today()) status = nextStatus(status, "mark_overdue");
  // From now on it owes its total (less anything paid): a draft owed nothing.
  await repo.updateInvoice(t, id, {
    status,
    number,
    sentAt: now(),
    balanceDueMinor: balanceDue(status, row.totalMinor, row.amountPaidMinor),
  });
  await recordAuditEvent(t, ctx, {
    action: "invoice.sent",
    targetType: "invoice",
    targetId: id,
    detail: { number, totalMinor: row.totalMinor, currency: row.currency },
  });
  // The public link (APP_URL/i/<token>) is born with the sent invoice, in the same transaction.
  await ensureInvoiceLinkAs(t, ctx, id);
  return (await loadInvoice(t, id))!;
}

export async function voidInvoice(ctx: TenantContext, id: string): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.void");
  return withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    const status = nextStatus(row.status, "void");
    if (row.amountPaidMinor > 0) throw new AppError("invalid_state", "This invoice has payments; delete them before voiding it");
    await repo.updateInvoice(t, id, { status, voidedAt: now(), balanceDueMinor: balanceDue(status, row.totalMinor, row.amountPaidMinor) });
    await recordAuditEvent(t, ctx, {
      action: "invoice.voided",
      targetType: "invoice",
      targetId: id,
      detail: { number: row.number, previousStatus: row.status },
    });
    return (await loadInvoice(t, id))!;
  });
}

/**
 * For the payments module, inside its transaction: applies a new paid amount. Reaching zero balance
 * settles the invoice; dropping below the total re-opens a paid one (sent, or overdue when past due).
 */
export async function applyAmountPaid(
  t: TenantScope,
  ctx: TenantContext,
  row: { id: string; status: InvoiceStatus; totalMinor: number; dueDate: string; number: string | null },
  amountPaidMinor: number,
): Promise<InvoiceStatus> {
  if (amountPaidMinor > row.totalMinor) throw new AppError("validation_failed", "Payments would exceed the invoice total");
  const balance = row.totalMinor - amountPaidMinor;
  let status: InvoiceStatus = row.status;
  let paidAt: Date | null | undefined;
  if (balance === 0 && row.status !== "paid") {
    status = nextStatus(row.status, "settle");
    paidAt = now();
    await recordAuditEvent(t, ctx, { action: "invoice.paid", targetType: "invoice", targetId: row.id, detail: { number: row.number } });
  } else if (balance > 0 && row.status === "paid") {
    status = nextStatus(row.status, "reopen", { pastDue: row.dueDate < today() });
    paidAt = null;
    await recordAuditEvent(t, ctx, {
      action: "invoice.reopened",
      targetType: "invoice",
      targetId: row.id,
      detail: { number: row.number, status },
    });
  }
  await repo.updateInvoice(t, row.id, {
    amountPaidMinor,
    balanceDueMinor: balanceDue(status, row.totalMinor, amountPaidMinor),
    status,
    ...(paidAt !== undefined ? { paidAt } : {}),
  });
  return status;
}

/** The overdue job's step for one workspace: one batch in its own tenant transaction. */
export async function markOverdueBatch(workspaceId: TenantContext["workspaceId"], batchSize: number): Promise<number> {
  return withTenant({ workspaceId }, (t) => markOverdueIn(t, batchSize));
}

/** One batch of the overdue step inside the caller's tenant transaction (the queued job's). */
export async function markOverdueIn(t: TenantScope, batchSize: number): Promise<number> {
  const marked = await repo.markOverdueBatch(t, today(), batchSize);
  for (const m of marked) {
    await recordAuditEvent(
      t,
      { userId: null, actorLabel: "Workledger (overdue job)" },
      { action: "invoice.overdue", targetType: "invoice", targetId: m.id, detail: { number: m.number } },
    );
  }
  return marked.length;
}
