import { z } from "@hono/zod-openapi";
import { messageText, subjectText } from "@/modules/email-templates/email-templates.schemas";
import { REMINDER_OFFSET_MAX, REMINDER_OFFSET_MIN } from "@/lib/reminder-offsets";

export { describeOffset, REMINDER_OFFSET_MAX, REMINDER_OFFSET_MIN } from "@/lib/reminder-offsets";

/** Days from the due date: −3 is three days before it, 0 the due date, 7 a week after. */
export const offsetDaysSchema = z
  .number({ error: "Enter the number of days (a whole number)" })
  .int("Enter a whole number of days")
  .min(REMINDER_OFFSET_MIN, `At most ${-REMINDER_OFFSET_MIN} days before the due date`)
  .max(REMINDER_OFFSET_MAX, `At most ${REMINDER_OFFSET_MAX} days after the due date`)
  .meta({ description: `Days from the due date, ${REMINDER_OFFSET_MIN}…${REMINDER_OFFSET_MAX} (negative: before it)`, example: 7 });

/** A new rule; without subject or message it starts with the workspace's wording for its side of the due date. */
export const createReminderRuleInput = z.strictObject({
  offsetDays: offsetDaysSchema,
  subject: subjectText().optional(),
  message: messageText().optional(),
});
export type CreateReminderRuleFields = z.input<typeof createReminderRuleInput>;

export const updateReminderRuleInput = z
  .strictObject({ offsetDays: offsetDaysSchema, subject: subjectText(), message: messageText() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");
export type UpdateReminderRuleFields = z.input<typeof updateReminderRuleInput>;

/** The workspace's switch: reminders are sent only when it is on (off for a new workspace). */
export const reminderSettingsInput = z.strictObject({
  enabled: z.boolean({ error: "enabled is true or false" }).meta({ description: "Send payment reminders" }),
});
export type ReminderSettingsFields = z.input<typeof reminderSettingsInput>;

/** One invoice's "Don't remind". */
export const invoiceRemindersInput = z.strictObject({
  paused: z.boolean({ error: "paused is true or false" }).meta({ description: "true: no reminder is sent for this invoice" }),
});
export type InvoiceRemindersFields = z.input<typeof invoiceRemindersInput>;

export interface ReminderRuleDto {
  id: string;
  offsetDays: number;
  subject: string;
  message: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReminderSettingsDto {
  enabled: boolean;
  rules: ReminderRuleDto[];
}

export const REMINDER_STATUSES = ["queued", "sent", "failed", "skipped", "cancelled"] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export interface InvoiceReminderDto {
  id: string;
  ruleId: string | null;
  offsetDays: number;
  dueOn: string;
  status: ReminderStatus;
  reason: string | null;
  deliveryId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Why no reminder is coming, or when the next one is. */
export type NextReminder =
  | { kind: "scheduled"; on: string; ruleId: string; offsetDays: number }
  | { kind: "off"; reason: "workspace_off" | "paused" | "not_open" | "no_email" | "no_rules" | "none_left" };

export interface InvoiceRemindersDto {
  paused: boolean;
  workspaceEnabled: boolean;
  reminders: InvoiceReminderDto[];
  next: NextReminder;
}

/** The wording a new rule with this offset starts with. */
export function templateKindFor(offsetDays: number): "reminder_before" | "reminder_on" | "reminder_after" {
  return offsetDays < 0 ? "reminder_before" : offsetDays === 0 ? "reminder_on" : "reminder_after";
}
