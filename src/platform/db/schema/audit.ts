import { index, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { authRole, matchesWorkspace, tenantIsolationPolicy } from "./tenant-policy";

/**
 * Who did what, in which workspace, when. Written in the same transaction as the change it records.
 * The tenant role may read and insert, never update or delete (no grant); the auth role, which runs
 * membership changes, may only insert, and only into the workspace bound to its transaction.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    action: text("action").notNull(),
    actorUserId: text("actor_user_id"),
    /** The actor's name and email when it happened: stays readable after they leave. */
    actorLabel: text("actor_label").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    // Millisecond precision, like the API's keyset cursors (JavaScript dates), so no row hides between pages.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("audit_events_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    tenantIsolationPolicy("audit_events"),
    pgPolicy("audit_events_auth_insert", {
      as: "permissive",
      for: "insert",
      to: authRole,
      withCheck: matchesWorkspace,
    }),
  ],
).enableRLS();

/**
 * Emails that would have been sent, kept when no SMTP_URL is configured (shown on the Team page to
 * those entitled to each one). The body carries a live link, so it is stored sealed
 * (src/platform/secret-box.ts, bound to its workspace and row) and opened only for an entitled viewer.
 */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    /** What the email is about; today only `invitation`. */
    kind: text("kind").notNull(),
    /** The lowest role that may read it: an invitation's role (creating that invitation needs it). */
    audienceRole: text("audience_role").notNull(),
    bodySealed: text("body_sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("outbox_emails_workspace_created_idx").on(t.workspaceId, t.createdAt),
    tenantIsolationPolicy("outbox_emails"),
  ],
).enableRLS();
