import { sql } from "drizzle-orm";
import { check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { invoices } from "./invoicing";
import { invoiceDeliveries } from "./email";
import { REMINDER_OFFSET_MAX, REMINDER_OFFSET_MIN } from "@/lib/reminder-offsets";
import { tenantIsolationPolicy } from "./tenant-policy";

const workspaceRef = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/**
 * A workspace's payment reminder rules (src/modules/reminders/): "offset days from the due date" with the
 * wording of its email. One rule per offset in a workspace.
 */
export const reminderRules = pgTable(
  "reminder_rules",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    offsetDays: integer("offset_days").notNull(),
    subject: text("subject").notNull(),
    message: text("message").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("reminder_rules_offset_key").on(t.workspaceId, t.offsetDays),
    check(
      "reminder_rules_offset_range",
      sql`${t.offsetDays} between ${sql.raw(String(REMINDER_OFFSET_MIN))} and ${sql.raw(String(REMINDER_OFFSET_MAX))}`,
    ),
    check("reminder_rules_subject_length", sql`char_length(${t.subject}) between 1 and 200`),
    check("reminder_rules_message_length", sql`char_length(${t.message}) <= 10000`),
    tenantIsolationPolicy("reminder_rules"),
  ],
).enableRLS();

/**
 * What the reminder job did for one invoice and one rule: queued a delivery (then sent, failed or
 * cancelled at sending time), or skipped it (an earlier rule when a later one was due at the same
 * time). The unique key `(workspace_id, invoice_id, rule_id)` is what makes a reminder go out at most
 * once: the row is written in the same transaction as its delivery, and a second run (another instance,
 * a retry) finds it and does nothing. A deleted rule leaves its rows (rule_id null, the offset kept).
 * The foreign key to reminder_rules (ON DELETE SET NULL (rule_id)) is in the migration: drizzle cannot
 * say "set only this column to null".
 */
export const invoiceReminders = pgTable(
  "invoice_reminders",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    invoiceId: uuid("invoice_id").notNull(),
    ruleId: uuid("rule_id"),
    /** The rule's offset when it was applied. */
    offsetDays: integer("offset_days").notNull(),
    /** The day the rule fell due for this invoice (due date + offset). */
    dueOn: date("due_on", { mode: "string" }).notNull(),
    status: text("status").notNull(),
    reason: text("reason"),
    deliveryId: uuid("delivery_id"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.invoiceId],
      foreignColumns: [invoices.workspaceId, invoices.id],
      name: "invoice_reminders_invoice_fk",
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.deliveryId],
      foreignColumns: [invoiceDeliveries.workspaceId, invoiceDeliveries.id],
      name: "invoice_reminders_delivery_fk",
    }).onDelete("cascade"),
    unique("invoice_reminders_once").on(t.workspaceId, t.invoiceId, t.ruleId),
    unique("invoice_reminders_delivery_key").on(t.workspaceId, t.deliveryId),
    index("invoice_reminders_invoice_idx").on(t.workspaceId, t.invoiceId, t.createdAt),
    check("invoice_reminders_status_known", sql`${t.status} in ('queued', 'sent', 'failed', 'skipped', 'cancelled')`),
    tenantIsolationPolicy("invoice_reminders"),
  ],
).enableRLS();
