import type { TenantScope } from "@/platform/db/tenant";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import * as repo from "./reminders.repo";

const GATE_ACTOR = { userId: null, actorLabel: "Workledger (reminders)" };

/** Why a reminder may no longer go out, or null when it may. */
export function stopReason(invoice: repo.ReminderInvoice | undefined, workspaceEnabled: boolean): string | null {
  if (!invoice) return "The invoice no longer exists";
  if (invoice.status === "paid") return "The invoice was paid before the reminder was sent";
  if (invoice.status === "void") return "The invoice was voided before the reminder was sent";
  if (invoice.status !== "sent" && invoice.status !== "overdue") return `The invoice is ${invoice.status}`;
  if (invoice.balanceDueMinor <= 0) return "Nothing is left to pay";
  if (invoice.paused) return "Reminders were turned off for this invoice";
  if (!workspaceEnabled) return "Reminders were turned off for the workspace";
  return null;
}

/**
 * Called by the invoice email job (invoice-email-job.ts) with the delivery it holds locked, before it
 * sends: true when the delivery is not a reminder, or is one that may still go out. A reminder whose
 * invoice was paid or voided (or paused, or the workspace's reminders turned off) since it was queued is
 * cancelled here — the reminder and its delivery, with the reason — and false is returned. The invoice
 * row is locked (FOR UPDATE, as recording a payment does), so a payment committing at the same moment
 * is either seen here or waits until the reminder has gone.
 */
export async function reminderMayGo(t: TenantScope, deliveryId: string): Promise<boolean> {
  const reminder = await repo.findByDelivery(t, deliveryId, true);
  if (!reminder || reminder.status !== "queued") return true;
  const invoice = await repo.findInvoiceForReminder(t, reminder.invoiceId, true);
  const reason = stopReason(invoice, await repo.remindersEnabled(t));
  if (!reason) return true;
  await repo.setReminderStatus(t, reminder.id, "cancelled", reason);
  await repo.cancelDelivery(t, deliveryId, reason);
  await recordAuditEvent(t, GATE_ACTOR, {
    action: "invoice.reminder_cancelled",
    targetType: "invoice",
    targetId: reminder.invoiceId,
    detail: { deliveryId, reminderId: reminder.id, reason },
  });
  return false;
}

/** After the invoice email job sent a reminder's delivery (or gave up on it): the reminder says so too. */
export async function reminderDelivered(
  t: TenantScope,
  deliveryId: string,
  outcome: "sent" | "failed",
  error: string | null = null,
): Promise<void> {
  const reminder = await repo.findByDelivery(t, deliveryId, true);
  if (reminder && reminder.status === "queued") await repo.setReminderStatus(t, reminder.id, outcome, error);
}
