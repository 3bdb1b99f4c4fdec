import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { clients } from "./clients";
import { linkLookupPolicy, tenantIsolationPolicy } from "./tenant-policy";

const money = (name: string) => bigint(name, { mode: "number" });
const workspaceRef = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/** One row per workspace: invoicing defaults, the sender printed on invoices, and the invoice number counter. */
export const invoiceSettings = pgTable(
  "invoice_settings",
  {
    workspaceId: workspaceRef(),
    defaultCurrency: text("default_currency").notNull().default("EUR"),
    numberPrefix: text("number_prefix").notNull().default("INV-"),
    numberPadding: integer("number_padding").notNull().default(4),
    /** The next number to hand out; taken with UPDATE … RETURNING in the sending transaction. */
    nextNumber: integer("next_number").notNull().default(1),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    senderLegalName: text("sender_legal_name"),
    senderAddress: text("sender_address"),
    senderTaxId: text("sender_tax_id"),
    // EN 16931 seller details (src/modules/einvoice/): all optional until an e-invoice is made.
    senderStreet: text("sender_street"),
    senderCity: text("sender_city"),
    senderPostcode: text("sender_postcode"),
    /** ISO 3166-1 alpha-2. */
    senderCountryCode: text("sender_country_code"),
    senderVatId: text("sender_vat_id"),
    senderRegistrationId: text("sender_registration_id"),
    /** Electronic address (Peppol endpoint id) and its EAS scheme, e.g. 0208 + a Belgian company number. */
    senderEndpointId: text("sender_endpoint_id"),
    senderEndpointScheme: text("sender_endpoint_scheme"),
    // Payment instructions printed on invoices and the public invoice page (all optional).
    bankAccountHolder: text("bank_account_holder"),
    bankIban: text("bank_iban"),
    bankBic: text("bank_bic"),
    paymentInstructions: text("payment_instructions"),
    paymentUrl: text("payment_url"),
    /** Payment reminders (src/modules/reminders/) are sent only when the workspace turned them on. */
    remindersEnabled: boolean("reminders_enabled").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId] }),
    check("invoice_settings_next_number_positive", sql`${t.nextNumber} >= 1`),
    check("invoice_settings_terms_range", sql`${t.paymentTermsDays} between 0 and 365`),
    tenantIsolationPolicy("invoice_settings"),
  ],
).enableRLS();

export const taxRates = pgTable(
  "tax_rates",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    /** Percentage in thousandths: 20 % = 20000, 7.125 % = 7125. */
    rateMilliPercent: integer("rate_milli_percent").notNull(),
    /** EN 16931 VAT category (UNCL5305 subset): S, Z, E, AE, K, G, O. */
    vatCategory: text("vat_category").notNull().default("S"),
    /** Required for E, AE, K, G and O (printed on the PDF and in e-invoices). */
    exemptionReason: text("exemption_reason"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    check("tax_rates_rate_range", sql`${t.rateMilliPercent} between 0 and 100000`),
    check("tax_rates_vat_category_known", sql`${t.vatCategory} in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')`),
    // EN 16931: only the standard rate (S) is above 0 %; Z, E, AE, K, G and O are 0 %.
    check("tax_rates_vat_category_rate", sql`(${t.vatCategory} = 'S') = (${t.rateMilliPercent} > 0)`),
    uniqueIndex("tax_rates_active_name_key")
      .on(t.workspaceId, sql`lower(${t.name})`)
      .where(sql`archived_at is null`),
    tenantIsolationPolicy("tax_rates"),
  ],
).enableRLS();

export const invoices = pgTable(
  "invoices",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    clientId: uuid("client_id").notNull(),
    /** Assigned when first sent; drafts have none, so abandoned drafts leave no gaps. */
    number: text("number"),
    status: text("status").notNull().default("draft"),
    currency: text("currency").notNull(),
    issueDate: date("issue_date", { mode: "string" }).notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    notes: text("notes"),
    /** EN 16931 BT-10 and BT-13: the buyer's reference and purchase order reference. */
    buyerReference: text("buyer_reference"),
    purchaseOrderReference: text("purchase_order_reference"),
    discountKind: text("discount_kind"),
    discountValue: bigint("discount_value", { mode: "number" }),
    // Totals, computed by the service with exact integer arithmetic on every write.
    subtotalMinor: money("subtotal_minor").notNull().default(0),
    discountMinor: money("discount_minor").notNull().default(0),
    taxMinor: money("tax_minor").notNull().default(0),
    totalMinor: money("total_minor").notNull().default(0),
    amountPaidMinor: money("amount_paid_minor").notNull().default(0),
    balanceDueMinor: money("balance_due_minor").notNull().default(0),
    duplicatedFromId: uuid("duplicated_from_id"),
    /** "Don't remind": no payment reminder is sent for this invoice. */
    remindersPaused: boolean("reminders_paused").notNull().default(false),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    // Millisecond precision, like the API's keyset cursors (JavaScript dates), so no row hides between pages.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.clientId],
      foreignColumns: [clients.workspaceId, clients.id],
      name: "invoices_client_fk",
    }).onDelete("restrict"),
    uniqueIndex("invoices_workspace_number_key").on(t.workspaceId, t.number),
    index("invoices_workspace_status_due_idx").on(t.workspaceId, t.status, t.dueDate),
    index("invoices_workspace_client_idx").on(t.workspaceId, t.clientId),
    index("invoices_workspace_issue_idx").on(t.workspaceId, t.issueDate, t.id),
    index("invoices_workspace_updated_idx").on(t.workspaceId, t.updatedAt, t.id),
    // The API lists newest first with a keyset cursor on (created_at, id): read backwards. (A DESC NULLS LAST
    // index would not serve ORDER BY … DESC, whose nulls come first.)
    index("invoices_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    check("invoices_status_known", sql`${t.status} in ('draft', 'sent', 'overdue', 'paid', 'void')`),
    check("invoices_number_when_sent", sql`${t.status} = 'draft' or ${t.number} is not null or ${t.voidedAt} is not null`),
    check("invoices_discount_kind", sql`${t.discountKind} is null or ${t.discountKind} in ('percent', 'amount')`),
    check(
      "invoices_amounts_non_negative",
      sql`${t.totalMinor} >= 0 and ${t.amountPaidMinor} >= 0 and ${t.amountPaidMinor} <= ${t.totalMinor}`,
    ),
    check("invoices_due_after_issue", sql`${t.dueDate} >= ${t.issueDate}`),
    // A draft or void invoice owes nothing (balanceDue in src/modules/invoices/invoice-lifecycle.ts).
    check("invoices_nothing_owed_unless_sent", sql`${t.status} not in ('draft', 'void') or ${t.balanceDueMinor} = 0`),
    tenantIsolationPolicy("invoices"),
  ],
).enableRLS();

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    invoiceId: uuid("invoice_id").notNull(),
    position: integer("position").notNull(),
    description: text("description").notNull(),
    quantityMilli: bigint("quantity_milli", { mode: "number" }).notNull(),
    /** UN/ECE Recommendation 20 unit code (C62 "one", HUR hour, DAY day, …). */
    unitCode: text("unit_code").notNull().default("C62"),
    unitPriceMinor: money("unit_price_minor").notNull(),
    taxRateId: uuid("tax_rate_id"),
    // The rate as it was when the line was written: archived or edited rates stay right on old invoices.
    taxRateName: text("tax_rate_name"),
    taxRateMilliPercent: integer("tax_rate_milli_percent").notNull().default(0),
    // The rate's VAT category and exemption reason as they were when the line was written.
    vatCategory: text("vat_category"),
    exemptionReason: text("exemption_reason"),
    discountKind: text("discount_kind"),
    discountValue: bigint("discount_value", { mode: "number" }),
    netMinor: money("net_minor").notNull(),
    taxMinor: money("tax_minor").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.invoiceId],
      foreignColumns: [invoices.workspaceId, invoices.id],
      name: "invoice_lines_invoice_fk",
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.taxRateId],
      foreignColumns: [taxRates.workspaceId, taxRates.id],
      name: "invoice_lines_tax_rate_fk",
    }).onDelete("restrict"),
    index("invoice_lines_workspace_invoice_idx").on(t.workspaceId, t.invoiceId, t.position),
    index("invoice_lines_workspace_tax_rate_idx").on(t.workspaceId, t.taxRateId),
    check("invoice_lines_non_negative", sql`${t.quantityMilli} >= 0 and ${t.unitPriceMinor} >= 0`),
    check("invoice_lines_vat_category_known", sql`${t.vatCategory} is null or ${t.vatCategory} in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')`),
    check("invoice_lines_discount_kind", sql`${t.discountKind} is null or ${t.discountKind} in ('percent', 'amount')`),
    tenantIsolationPolicy("invoice_lines"),
  ],
).enableRLS();

export const payments = pgTable(
  "payments",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    invoiceId: uuid("invoice_id").notNull(),
    amountMinor: money("amount_minor").notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    method: text("method").notNull(),
    reference: text("reference"),
    recordedBy: text("recorded_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.invoiceId],
      foreignColumns: [invoices.workspaceId, invoices.id],
      name: "payments_invoice_fk",
    }).onDelete("restrict"),
    index("payments_workspace_invoice_idx").on(t.workspaceId, t.invoiceId),
    index("payments_workspace_paid_on_idx").on(t.workspaceId, t.paidOn),
    check("payments_amount_positive", sql`${t.amountMinor} > 0`),
    check("payments_method_known", sql`${t.method} in ('bank_transfer', 'card', 'cash', 'other')`),
    tenantIsolationPolicy("payments"),
  ],
).enableRLS();

/**
 * Public links to sent invoices (`APP_URL/i/<token>`). The token is stored twice, never in plain text:
 * its SHA-256 (the only way to look a link up, see linkLookupPolicy) and sealed with the secret box
 * (so members can copy the link again and emails can carry it). At most one live link per invoice.
 */
export const invoiceLinks = pgTable(
  "invoice_links",
  {
    workspaceId: workspaceRef(),
    id: uuid("id").notNull().defaultRandom(),
    invoiceId: uuid("invoice_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    tokenSealed: text("token_sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    firstViewedAt: timestamp("first_viewed_at", { withTimezone: true }),
    lastViewedAt: timestamp("last_viewed_at", { withTimezone: true }),
    viewCount: integer("view_count").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.invoiceId],
      foreignColumns: [invoices.workspaceId, invoices.id],
      name: "invoice_links_invoice_fk",
    }).onDelete("cascade"),
    uniqueIndex("invoice_links_token_hash_key").on(t.tokenHash),
    uniqueIndex("invoice_links_live_key")
      .on(t.workspaceId, t.invoiceId)
      .where(sql`revoked_at is null`),
    check("invoice_links_view_count_non_negative", sql`${t.viewCount} >= 0`),
    tenantIsolationPolicy("invoice_links"),
    linkLookupPolicy("invoice_links", "token_hash", "app.invoice_link_token_hash"),
  ],
).enableRLS();
