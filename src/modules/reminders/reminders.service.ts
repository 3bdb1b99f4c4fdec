/** Payment reminders: the workspace's rules and switch, one invoice's "Don't remind", and what an invoice's reminders are. */
import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { today } from "@/lib/clock";
import { isUuid } from "@/lib/ids";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { templateInScope } from "@/modules/email-templates/email-templates.service";
import { invoiceInScope } from "@/modules/invoices/invoice-read";
import { nextReminder } from "./reminder-plan";
import { stopReason } from "./reminder-gate";
import {
  createReminderRuleInput,
  invoiceRemindersInput,
  reminderSettingsInput,
  templateKindFor,
  updateReminderRuleInput,
  type CreateReminderRuleFields,
  type InvoiceRemindersDto,
  type InvoiceRemindersFields,
  type ReminderRuleDto,
  type ReminderSettingsDto,
  type ReminderSettingsFields,
  type UpdateReminderRuleFields,
} from "./reminders.schemas";
import * as repo from "./reminders.repo";

export { queueRemindersIn, reminderJob, runRemindersFor } from "./reminder-job";

const ruleNotFound = () => AppError.notFound("Reminder rule");

/** The switch and the rules, earliest offset first. */
export async function getReminderSettings(ctx: TenantContext): Promise<ReminderSettingsDto> {
  assertCan(ctx, "invoice_settings.read");
  return withTenant(ctx, async (t) => ({ enabled: await repo.remindersEnabled(t), rules: await repo.listRules(t) }));
}

export async function listReminderRules(ctx: TenantContext): Promise<ReminderRuleDto[]> {
  assertCan(ctx, "invoice_settings.read");
  return withTenant(ctx, (t) => repo.listRules(t));
}

export async function getReminderRule(ctx: TenantContext, id: string): Promise<ReminderRuleDto> {
  assertCan(ctx, "invoice_settings.read");
  if (!isUuid(id)) throw ruleNotFound();
  const rule = await withTenant(ctx, (t) => repo.findRule(t, id));
  if (!rule) throw ruleNotFound();
  return rule;
}

/** Turns the workspace's reminders on or off (audited when it changes). */
export async function setRemindersEnabled(ctx: TenantContext, input: ReminderSettingsFields): Promise<ReminderSettingsDto> {
  assertCan(ctx, "reminders.manage");
  const { enabled } = parseInput(reminderSettingsInput, input);
  return withTenant(ctx, async (t) => {
    if ((await repo.remindersEnabled(t)) !== enabled) {
      await repo.setRemindersEnabled(t, enabled);
      await recordAuditEvent(t, ctx, {
        action: enabled ? "reminders.enabled" : "reminders.disabled",
        targetType: "invoice_settings",
        targetId: null,
      });
    }
    return { enabled, rules: await repo.listRules(t) };
  });
}

/**
 * A new rule. Without a subject or message it starts with the workspace's wording for its side of the
 * due date (the email templates reminder_before, reminder_on, reminder_after). One rule per offset: the
 * unique key answers a duplicate with 409 on offsetDays, also for two requests at once.
 */
export async function createReminderRule(ctx: TenantContext, input: CreateReminderRuleFields): Promise<ReminderRuleDto> {
  assertCan(ctx, "reminders.manage");
  const values = parseInput(createReminderRuleInput, input);
  return withTenant(ctx, async (t) => {
    const template = await templateInScope(t, templateKindFor(values.offsetDays));
    const rule = await repo.insertRule(t, {
      offsetDays: values.offsetDays,
      subject: values.subject ?? template.subject,
      message: values.message ?? template.message,
    });
    await recordAuditEvent(t, ctx, {
      action: "reminder_rule.created",
      targetType: "reminder_rule",
      targetId: rule.id,
      detail: { offsetDays: rule.offsetDays },
    });
    return rule;
  });
}

/** Changes a rule's offset or wording. Reminders already sent for it stay sent: it is not sent again for those invoices. */
export async function updateReminderRule(ctx: TenantContext, id: string, input: UpdateReminderRuleFields): Promise<ReminderRuleDto> {
  assertCan(ctx, "reminders.manage");
  const values = parseInput(updateReminderRuleInput, input);
  if (!isUuid(id)) throw ruleNotFound();
  return withTenant(ctx, async (t) => {
    const rule = await repo.updateRule(t, id, values);
    if (!rule) throw ruleNotFound();
    await recordAuditEvent(t, ctx, {
      action: "reminder_rule.updated",
      targetType: "reminder_rule",
      targetId: id,
      detail: { fields: Object.keys(values), offsetDays: rule.offsetDays },
    });
    return rule;
  });
}

/** Deletes a rule; the invoices' history of it stays (without the rule). */
export async function deleteReminderRule(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx, "reminders.manage");
  if (!isUuid(id)) throw ruleNotFound();
  await withTenant(ctx, async (t) => {
    const rule = await repo.findRule(t, id, true);
    if (!rule || !(await repo.deleteRule(t, id))) throw ruleNotFound();
    await recordAuditEvent(t, ctx, {
      action: "reminder_rule.deleted",
      targetType: "reminder_rule",
      targetId: id,
      detail: { offsetDays: rule.offsetDays },
    });
  });
}

/** An invoice's reminders (newest first), its "Don't remind", and when the next one goes out or why none will. */
export async function getInvoiceReminders(ctx: TenantContext, invoiceId: string): Promise<InvoiceRemindersDto> {
  assertCan(ctx, "invoice.read");
  return withTenant(ctx, async (t) => {
    await invoiceInScope(t, invoiceId);
    return invoiceRemindersInScope(t, invoiceId);
  });
}

/** An existing invoice's reminders inside the caller's transaction (the invoice page's one view). */
export async function invoiceRemindersInScope(t: TenantScope, invoiceId: string): Promise<InvoiceRemindersDto> {
  const [invoice, enabled, rules, reminders] = await Promise.all([
    repo.findInvoiceForReminder(t, invoiceId),
    repo.remindersEnabled(t),
    repo.listRules(t),
    repo.listForInvoice(t, invoiceId),
  ]);
  const inv = invoice!;
  const applied = new Set(reminders.flatMap((r) => (r.ruleId ? [r.ruleId] : [])));
  const open = stopReason(inv, true) === null || (inv.paused && stopReason({ ...inv, paused: false }, true) === null);
  const next: InvoiceRemindersDto["next"] = !open
    ? { kind: "off", reason: "not_open" }
    : !enabled
      ? { kind: "off", reason: "workspace_off" }
      : inv.paused
        ? { kind: "off", reason: "paused" }
        : !inv.clientEmail
          ? { kind: "off", reason: "no_email" }
          : nextReminder(inv.dueDate, rules, applied, today());
  return { paused: inv.paused, workspaceEnabled: enabled, reminders, next };
}

/** Sets one invoice's "Don't remind" (audited when it changes); reminders already queued for it are cancelled when their turn comes. */
export async function setInvoiceRemindersPaused(
  ctx: TenantContext,
  invoiceId: string,
  input: InvoiceRemindersFields,
): Promise<InvoiceRemindersDto> {
  assertCan(ctx, "invoice.send");
  const { paused } = parseInput(invoiceRemindersInput, input);
  await withTenant(ctx, async (t) => {
    const row = await invoiceInScope(t, invoiceId);
    const current = await repo.findInvoiceForReminder(t, invoiceId, true);
    if (current!.paused === paused) return;
    await repo.setInvoicePaused(t, invoiceId, paused);
    await recordAuditEvent(t, ctx, {
      action: paused ? "invoice.reminders_paused" : "invoice.reminders_resumed",
      targetType: "invoice",
      targetId: invoiceId,
      detail: { number: row.number },
    });
  });
  return getInvoiceReminders(ctx, invoiceId);
}
