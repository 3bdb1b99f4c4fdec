import { sql } from "drizzle-orm";
import { bigint, check, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { tenantIsolationPolicy } from "./tenant-policy";

/**
 * The workspace's plan (src/modules/plans/plans.ts), when it is not the instance's DEFAULT_PLAN: set by
 * an instance administrator (`npm run plan`) or by the billing provider's signed webhook. Read by the
 * tenant role only (like every tenant table: the auth role has no grant), also for the member limit
 * and API access, which are checked where identity rows are written.
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
