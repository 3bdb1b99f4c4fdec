import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { invoices } from "./invoicing";
import { tenantIsolationPolicy } from "./tenant-policy";

const workspaceRef = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/**
 * A workspace's own wording of an email (src/modules/email-templates/): one row per kind it changed;
 * a kind without a row uses the built-in default. Today only `invoice`; reminders will add kinds.
 */
export const emailTemplates = pgTable(
  "email_templates",
  {
    workspaceId: workspaceRef(),
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    message: text("message").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.kind] }),
    check("email_templates_subject_length", sql`char_length(${t.subject}) between 1 and 200`),
    check("email_templates_message_length", sql`char_length(${t.message}) <= 10000`),
    tenantIsolationPolicy("email_templates"),
  ],
).enableRLS();

/**
 * One email of an invoice to its client, queued by the request that asked for it (in its transaction)
 * and sent by the `invoices.email` job. The subject and body are stored rendered except `{link}`, which
 * the job fills in at sending time: the public link is a bearer credential and is never stored here.
 */
export const invoiceDeliveries = pgTable(
  "invoice_deliveries",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    invoiceId: uuid("invoice_id").notNull(),
    recipients: text("recipients").array().notNull(),
    cc: text("cc")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    attachPdf: boolean("attach_pdf").notNull().default(true),
    /** What is attached when attachPdf: the usual PDF, or Factur-X (PDF/A-3 with the EN 16931 CII embedded). */
    attachFormat: text("attach_format").notNull().default("pdf"),
    /** The sender's name when it was queued (the PDF's sender when the settings have no legal name). */
    senderName: text("sender_name").notNull(),
    status: text("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdBy: text("created_by"),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.invoiceId],
      foreignColumns: [invoices.workspaceId, invoices.id],
      name: "invoice_deliveries_invoice_fk",
    }).onDelete("cascade"),
    index("invoice_deliveries_invoice_idx").on(t.workspaceId, t.invoiceId, t.createdAt),
    index("invoice_deliveries_queued_idx")
      .on(t.workspaceId, t.createdAt)
      .where(sql`status = 'queued'`),
    check("invoice_deliveries_status_known", sql`${t.status} in ('queued', 'sent', 'failed', 'cancelled')`),
    check("invoice_deliveries_attach_format_known", sql`${t.attachFormat} in ('pdf', 'facturx')`),
    check("invoice_deliveries_sent_at", sql`(${t.status} = 'sent') = (${t.sentAt} is not null)`),
    check("invoice_deliveries_recipients", sql`cardinality(${t.recipients}) between 1 and 20 and cardinality(${t.cc}) <= 20`),
    tenantIsolationPolicy("invoice_deliveries"),
  ],
).enableRLS();

/** Each attempt the job made at a delivery: its number, outcome and (for a failure) the reason. */
export const invoiceDeliveryAttempts = pgTable(
  "invoice_delivery_attempts",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    deliveryId: uuid("delivery_id").notNull(),
    attempt: integer("attempt").notNull(),
    outcome: text("outcome").notNull(),
    error: text("error"),
    jobId: text("job_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.deliveryId],
      foreignColumns: [invoiceDeliveries.workspaceId, invoiceDeliveries.id],
      name: "invoice_delivery_attempts_delivery_fk",
    }).onDelete("cascade"),
    unique("invoice_delivery_attempts_once").on(t.workspaceId, t.deliveryId, t.attempt),
    check("invoice_delivery_attempts_outcome", sql`${t.outcome} in ('sent', 'failed')`),
    tenantIsolationPolicy("invoice_delivery_attempts"),
  ],
).enableRLS();
