import { sql } from "drizzle-orm";
import { check, index, jsonb, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The `analytics` schema: the instance-wide, privileged path (docs/architecture.md, "Instance
 * analytics"). It holds aggregate views over the tenant tables (created by hand in the migration,
 * owned by a role that reads only the columns they count) and this audit table. The analytics login
 * role reaches this schema only: it has no USAGE on `public`, so no tenant or identity table.
 */
export const analyticsSchema = pgSchema("analytics");

/** Every use of the instance analytics (the instance page, `npm run analytics`), by whom and what. */
export const instanceAuditEvents = analyticsSchema.table(
  "instance_audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    action: text("action").notNull(),
    /** "Ada Lovelace <ada@example.com>", or "cli:<os user>" for the command. */
    actorLabel: text("actor_label").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index("instance_audit_events_created_idx").on(t.createdAt),
    check("instance_audit_events_actor_length", sql`char_length(${t.actorLabel}) <= 500`),
  ],
);
