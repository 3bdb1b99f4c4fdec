import { addDays } from "@/lib/dates";
import { today } from "@/lib/clock";
import type { WorkspaceId } from "@/lib/ids";
import { withTenant, type TenantScope } from "@/platform/db/tenant";
import { queueAfterCommit, type WorkspaceJob } from "@/platform/jobs/queue";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { fillPlaceholders } from "@/modules/email-templates/email-template-text";
import { invoiceEmailJob } from "@/modules/invoices/invoice-email-job";
import { oneLine, placeholderValues, type Sender } from "@/modules/invoices/invoice-email";
import { workspaceNameForInvoices } from "@/modules/workspaces/workspaces.service";
import { paymentInstructionsText, settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import { loadInvoice } from "@/modules/invoices/invoice-read";
import { insertDelivery } from "@/modules/invoices/invoice-delivery.repo";
import { planReminders, ruleDay } from "./reminder-plan";
import type { ReminderRuleDto } from "./reminders.schemas";
import * as repo from "./reminders.repo";

export const REMINDER_ACTOR = { userId: null, actorLabel: "Workledger (reminders)" };
const BATCH = 200;

export interface ReminderRunResult {
  /** Deliveries queued in this run (their email jobs are queued after the commit). */
  queued: string[];
  skipped: number;
}

/**
 * One workspace's reminders for today, inside its tenant transaction: for every open invoice (sent or
 * overdue, a balance due, not paused, a client with an email) the plan of reminder-plan.ts — the latest
 * rule due is sent, earlier unsent ones are recorded as skipped. Each (invoice, rule) is claimed in
 * invoice_reminders (unique on workspace, invoice, rule) before its delivery is written, in this same
 * transaction: a concurrent run waits on the claim and, once this one commits, gets nothing and queues
 * nothing; a run after a crash before the commit starts from a clean slate. So a reminder is queued at
 * most once, and the delivery it queues is sent at most once by the invoice email job.
 */
export async function queueRemindersIn(t: TenantScope): Promise<ReminderRunResult> {
  const result: ReminderRunResult = { queued: [], skipped: 0 };
  if (!(await repo.remindersEnabled(t))) return result;
  const rules = await repo.listRules(t);
  if (rules.length === 0) return result;
  const day = today();
  // due date + the earliest offset ≤ today: no invoice due later can have a rule due.
  const latestDueDate = addDays(day, -rules[0]!.offsetDays);
  let sender: Sender | undefined;
  for (let after: string | null = null; ;) {
    const page = await repo.listRemindable(t, latestDueDate, after, BATCH);
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    const applied = await repo.appliedRules(
      t,
      page.map((p) => p.id),
    );
    for (const invoice of page) {
      const done = new Set(applied.filter((a) => a.invoiceId === invoice.id && a.ruleId).map((a) => a.ruleId!));
      const plan = planReminders(invoice.dueDate, rules, done, day);
      for (const { rule, reason } of plan.skip) {
        const id = await repo.claimReminder(t, {
          invoiceId: invoice.id,
          ruleId: rule.id,
          offsetDays: rule.offsetDays,
          dueOn: ruleDay(invoice.dueDate, rule),
          status: "skipped",
          reason,
        });
        if (id) result.skipped++;
      }
      if (!plan.send) continue;
      // As the invoice email signs: the legal name of the invoice settings, else the workspace's name; and how to pay.
      if (!sender) {
        const settings = await settingsInScope(t);
        sender = {
          name: settings.senderLegalName ?? (await workspaceNameForInvoices(t.workspaceId)),
          paymentInstructions: paymentInstructionsText(settings),
        };
      }
      const deliveryId = await queueReminder(t, invoice.id, plan.send, sender);
      if (deliveryId) result.queued.push(deliveryId);
    }
    if (page.length < BATCH) break;
  }
  return result;
}

/** Claims (invoice, rule) and writes its delivery; null when another run claimed it first. */
async function queueReminder(t: TenantScope, invoiceId: string, rule: ReminderRuleDto, sender: Sender): Promise<string | null> {
  const invoice = await loadInvoice(t, invoiceId);
  const reminder = invoice
    ? await repo.claimReminder(t, {
        invoiceId,
        ruleId: rule.id,
        offsetDays: rule.offsetDays,
        dueOn: ruleDay(invoice.dueDate, rule),
        status: "queued",
        reason: null,
      })
    : null;
  if (!invoice || !reminder) return null;
  const email = await repo.findInvoiceForReminder(t, invoiceId);
  const values = placeholderValues(invoice, sender);
  const deliveryId = await insertDelivery(t, {
    invoiceId,
    to: [email!.clientEmail!],
    cc: [],
    subject: oneLine(fillPlaceholders(rule.subject, values)),
    body: fillPlaceholders(rule.message, values),
    attachPdf: true,
    attachFormat: "pdf",
    senderName: sender.name,
    createdBy: null,
    createdByLabel: REMINDER_ACTOR.actorLabel,
  });
  await repo.attachDelivery(t, reminder, deliveryId);
  await recordAuditEvent(t, REMINDER_ACTOR, {
    action: "invoice.reminder_queued",
    targetType: "invoice",
    targetId: invoiceId,
    detail: { deliveryId, ruleId: rule.id, offsetDays: rule.offsetDays, number: invoice.number },
  });
  return deliveryId;
}

/**
 * The scheduled reminder job (src/jobs.ts), per workspace in its tenant transaction; its period is
 * claimed in job_effects like every scheduled job's. The email jobs of the deliveries it queued are
 * queued once it committed (and the invoice email sweep queues any that were not).
 */
export const reminderJob: WorkspaceJob = {
  name: "invoices.reminders",
  retryLimit: 4,
  retryDelaySeconds: 60,
  async run(t, job) {
    const { queued } = await queueRemindersIn(t);
    const workspaceId = t.workspaceId as WorkspaceId;
    job.onCommit?.(async () => {
      for (const deliveryId of queued) await queueAfterCommit(invoiceEmailJob, workspaceId, { deliveryId }, deliveryId);
    });
  },
};

/** One workspace's reminders now, without the queue's schedule (scripts, tests): its own transaction, then the email jobs. */
export async function runRemindersFor(workspaceId: WorkspaceId): Promise<ReminderRunResult> {
  const result = await withTenant({ workspaceId }, (t) => queueRemindersIn(t));
  for (const deliveryId of result.queued) await queueAfterCommit(invoiceEmailJob, workspaceId, { deliveryId }, deliveryId);
  return result;
}
