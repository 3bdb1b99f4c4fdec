import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { tenantIsolationPolicy } from "./tenant-policy";

export const clients = pgTable(
  "clients",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    email: text("email"),
    billingAddress: text("billing_address"),
    taxId: text("tax_id"),
    // EN 16931 buyer details (src/modules/einvoice/): all optional until an e-invoice is made.
    street: text("street"),
    city: text("city"),
    postcode: text("postcode"),
    /** ISO 3166-1 alpha-2. */
    countryCode: text("country_code"),
    vatId: text("vat_id"),
    /** Electronic address (Peppol endpoint id) and its EAS scheme. */
    endpointId: text("endpoint_id"),
    endpointScheme: text("endpoint_scheme"),
    currency: text("currency").notNull(),
    notes: text("notes"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    // Millisecond precision, like the API's keyset cursors (JavaScript dates), so no row hides between pages.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("clients_workspace_name_idx").on(t.workspaceId, sql`lower(${t.name})`, t.id),
    index("clients_workspace_email_idx").on(t.workspaceId, sql`lower(${t.email})`),
    index("clients_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    tenantIsolationPolicy("clients"),
  ],
).enableRLS();
