import { sql } from "drizzle-orm";
import { bigint, check, pgPolicy, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { authRole, tenantIsolationPolicy } from "./tenant-policy";

/**
 * The workspace's plan (src/modules/plans/plans.ts), when it is not the instance's DEFAULT_PLAN: set by
 * an instance administrator (`npm run plan`) or by the billing provider's signed webhook. Read by the
 * tenant role (limits on clients and invoices) and, for the workspace bound by withIdentity(), by the
 * auth role (the member limit is checked where invitations are written).
 */
export const workspacePlans = pgTable(
  "workspace_plans",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    plan: text("plan").notNull(),
    /** `admin` (npm run plan) or `stripe` (webhook). */
    source: text("source").notNull(),
    stripeCustomerId: text("stripe_customer_id"),
    stripeSubscriptionId: text("stripe_subscription_id"),
    subscriptionStatus: text("subscription_status"),
    /** The `created` time (seconds) of the billing event applied last: an older event arriving late changes nothing. */
    lastEventCreated: bigint("last_event_created", { mode: "number" }),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId] }),
    check("workspace_plans_plan_known", sql`${t.plan} in ('free', 'pro', 'business')`),
    check("workspace_plans_source_known", sql`${t.source} in ('admin', 'stripe')`),
    tenantIsolationPolicy("workspace_plans"),
    pgPolicy("workspace_plans_auth_read", {
      as: "permissive",
      for: "select",
      to: authRole,
      using: sql`workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))`,
    }),
  ],
).enableRLS();

/** Billing events applied to a workspace, by the provider's event id: a redelivered event does nothing. */
export const billingEvents = pgTable(
  "billing_events",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.eventId] }), tenantIsolationPolicy("billing_events")],
).enableRLS();
