import { and, asc, desc, eq, gt, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import { clients, invoiceDeliveries, invoiceReminders, invoiceSettings, invoices, reminderRules } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { InvoiceReminderDto, ReminderRuleDto, ReminderStatus } from "./reminders.schemas";

const ruleColumns = {
  id: reminderRules.id,
  offsetDays: reminderRules.offsetDays,
  subject: reminderRules.subject,
  message: reminderRules.message,
  createdAt: reminderRules.createdAt,
  updatedAt: reminderRules.updatedAt,
};

const sameRule = (t: TenantScope, id: string) => and(eq(reminderRules.workspaceId, t.workspaceId), eq(reminderRules.id, id));

/** The workspace's rules, earliest offset first. */
export async function listRules(t: TenantScope): Promise<ReminderRuleDto[]> {
  return t.db
    .select(ruleColumns)
    .from(reminderRules)
    .where(eq(reminderRules.workspaceId, t.workspaceId))
    .orderBy(asc(reminderRules.offsetDays));
}

export async function findRule(t: TenantScope, id: string, lock = false): Promise<ReminderRuleDto | undefined> {
  const q = t.db.select(ruleColumns).from(reminderRules).where(sameRule(t, id));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

export async function insertRule(t: TenantScope, v: { offsetDays: number; subject: string; message: string }): Promise<ReminderRuleDto> {
  const at = now();
  const [row] = await t.db
    .insert(reminderRules)
    .values({ workspaceId: t.workspaceId, ...v, createdAt: at, updatedAt: at })
    .returning(ruleColumns);
  return row!;
}

export async function updateRule(
  t: TenantScope,
  id: string,
  v: Partial<{ offsetDays: number; subject: string; message: string }>,
): Promise<ReminderRuleDto | undefined> {
  const [row] = await t.db
    .update(reminderRules)
    .set({ ...v, updatedAt: now() })
    .where(sameRule(t, id))
    .returning(ruleColumns);
  return row;
}

export async function deleteRule(t: TenantScope, id: string): Promise<boolean> {
  const rows = await t.db.delete(reminderRules).where(sameRule(t, id)).returning({ id: reminderRules.id });
  return rows.length > 0;
}

/** The workspace's switch (the settings row is created with the defaults on first use, as invoice settings do). */
export async function remindersEnabled(t: TenantScope): Promise<boolean> {
  await t.db.insert(invoiceSettings).values({ workspaceId: t.workspaceId }).onConflictDoNothing();
  const [row] = await t.db
    .select({ enabled: invoiceSettings.remindersEnabled })
    .from(invoiceSettings)
    .where(eq(invoiceSettings.workspaceId, t.workspaceId));
  return row!.enabled;
}

export async function setRemindersEnabled(t: TenantScope, enabled: boolean): Promise<void> {
  await t.db.insert(invoiceSettings).values({ workspaceId: t.workspaceId }).onConflictDoNothing();
  await t.db
    .update(invoiceSettings)
    .set({ remindersEnabled: enabled, updatedAt: now() })
    .where(eq(invoiceSettings.workspaceId, t.workspaceId));
}

/** What a reminder needs to know about an invoice; `lock` holds the row (payments lock it too, so they wait for each other). */
export async function findInvoiceForReminder(t: TenantScope, invoiceId: string, lock = false) {
  const q = t.db
    .select({
      id: invoices.id,
      status: invoices.status,
      dueDate: invoices.dueDate,
      balanceDueMinor: invoices.balanceDueMinor,
      paused: invoices.remindersPaused,
      clientEmail: clients.email,
    })
    .from(invoices)
    .innerJoin(clients, and(eq(clients.workspaceId, invoices.workspaceId), eq(clients.id, invoices.clientId)))
    .where(and(eq(invoices.workspaceId, t.workspaceId), eq(invoices.id, invoiceId)));
  const [row] = lock ? await q.for("update", { of: invoices }) : await q;
  return row;
}
export type ReminderInvoice = NonNullable<Awaited<ReturnType<typeof findInvoiceForReminder>>>;

export async function setInvoicePaused(t: TenantScope, invoiceId: string, paused: boolean): Promise<void> {
  await t.db
    .update(invoices)
    .set({ remindersPaused: paused, updatedAt: now() })
    .where(and(eq(invoices.workspaceId, t.workspaceId), eq(invoices.id, invoiceId)));
}

/**
 * Open invoices a rule is due for by `today`: sent or overdue, something left to pay, not paused, a client
 * with an email, and due date + `minOffset` ≤ today. Oldest due first, `limit` at a time after `afterId`'s…
 * (keyset on id: the job walks them all in one transaction).
 */
export async function listRemindable(t: TenantScope, latestDueDate: string, afterId: string | null, limit: number) {
  return t.db
    .select({ id: invoices.id, dueDate: invoices.dueDate })
    .from(invoices)
    .innerJoin(clients, and(eq(clients.workspaceId, invoices.workspaceId), eq(clients.id, invoices.clientId)))
    .where(
      and(
        eq(invoices.workspaceId, t.workspaceId),
        inArray(invoices.status, ["sent", "overdue"]),
        gt(invoices.balanceDueMinor, 0),
        eq(invoices.remindersPaused, false),
        isNotNull(clients.email),
        ne(clients.email, ""),
        lte(invoices.dueDate, latestDueDate),
        afterId ? gt(invoices.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(invoices.id))
    .limit(limit);
}

const reminderColumns = {
  id: invoiceReminders.id,
  ruleId: invoiceReminders.ruleId,
  offsetDays: invoiceReminders.offsetDays,
  dueOn: invoiceReminders.dueOn,
  status: sql<ReminderStatus>`${invoiceReminders.status}`,
  reason: invoiceReminders.reason,
  deliveryId: invoiceReminders.deliveryId,
  createdAt: invoiceReminders.createdAt,
  updatedAt: invoiceReminders.updatedAt,
};

/** The rules already applied (sent, queued, skipped…) to these invoices. */
export async function appliedRules(t: TenantScope, invoiceIds: string[]): Promise<{ invoiceId: string; ruleId: string | null }[]> {
  if (invoiceIds.length === 0) return [];
  return t.db
    .select({ invoiceId: invoiceReminders.invoiceId, ruleId: invoiceReminders.ruleId })
    .from(invoiceReminders)
    .where(and(eq(invoiceReminders.workspaceId, t.workspaceId), inArray(invoiceReminders.invoiceId, invoiceIds)));
}

/**
 * Claims (invoice, rule): inserts the reminder row unless one exists. With ON CONFLICT DO NOTHING a second
 * transaction claiming the same pair waits for the first to end, then gets nothing back if it committed:
 * the caller then queues nothing. Returns the new row's id, or null when the pair was already claimed.
 */
export async function claimReminder(
  t: TenantScope,
  v: {
    invoiceId: string;
    ruleId: string;
    offsetDays: number;
    dueOn: string;
    status: "queued" | "skipped";
    reason: string | null;
    deliveryId?: string;
  },
): Promise<string | null> {
  const at = now();
  const rows = await t.db
    .insert(invoiceReminders)
    .values({ workspaceId: t.workspaceId, ...v, createdAt: at, updatedAt: at })
    .onConflictDoNothing({ target: [invoiceReminders.workspaceId, invoiceReminders.invoiceId, invoiceReminders.ruleId] })
    .returning({ id: invoiceReminders.id });
  return rows[0]?.id ?? null;
}

/** Links a claimed reminder to the delivery written for it (same transaction as the claim). */
export async function attachDelivery(t: TenantScope, reminderId: string, deliveryId: string): Promise<void> {
  await t.db
    .update(invoiceReminders)
    .set({ deliveryId, updatedAt: now() })
    .where(and(eq(invoiceReminders.workspaceId, t.workspaceId), eq(invoiceReminders.id, reminderId)));
}

/** The reminder that queued this delivery, if one did; `lock` holds it. */
export async function findByDelivery(t: TenantScope, deliveryId: string, lock = false) {
  const q = t.db
    .select({ id: invoiceReminders.id, invoiceId: invoiceReminders.invoiceId, status: invoiceReminders.status })
    .from(invoiceReminders)
    .where(and(eq(invoiceReminders.workspaceId, t.workspaceId), eq(invoiceReminders.deliveryId, deliveryId)));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

export async function setReminderStatus(t: TenantScope, id: string, status: ReminderStatus, reason: string | null): Promise<void> {
  await t.db
    .update(invoiceReminders)
    .set({ status, reason, updatedAt: now() })
    .where(and(eq(invoiceReminders.workspaceId, t.workspaceId), eq(invoiceReminders.id, id)));
}

/** A queued delivery that will not be sent: it leaves the queue (the sweep looks only for queued ones). */
export async function cancelDelivery(t: TenantScope, deliveryId: string, reason: string): Promise<void> {
  await t.db
    .update(invoiceDeliveries)
    .set({ status: "cancelled", lastError: reason, updatedAt: now() })
    .where(and(eq(invoiceDeliveries.workspaceId, t.workspaceId), eq(invoiceDeliveries.id, deliveryId)));
}

/** An invoice's reminders, newest first. */
export async function listForInvoice(t: TenantScope, invoiceId: string): Promise<InvoiceReminderDto[]> {
  return t.db
    .select(reminderColumns)
    .from(invoiceReminders)
    .where(and(eq(invoiceReminders.workspaceId, t.workspaceId), eq(invoiceReminders.invoiceId, invoiceId)))
    .orderBy(desc(invoiceReminders.createdAt), desc(invoiceReminders.id));
}
