import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";
import { tenantIsolationPolicy } from "./tenant-policy";

/**
 * Stored answers to POSTs sent with an Idempotency-Key. A key belongs to one caller: the same key
 * sent by another API key or user, or to another method or path, is another row, never a replay.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Who sent the first request: `api_key:<key id>` or `user:<user id>` (a session's user, not the session). */
    principal: text("principal").notNull(),
    method: text("method").notNull(),
    /** The request path without the query string (the query is part of request_hash). */
    path: text("path").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of method, path, query and body: the same key with another request is refused. */
    requestHash: text("request_hash").notNull(),
    /** Null while the first request is still running. */
    status: integer("status"),
    /**
     * The answer's body sealed with secret-box (`seal("idempotency-response", …)`), bound to this row's
     * workspace, principal, method, path, key and status: answers carry API-key secrets and invitation links.
     */
    responseBody: text("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.principal, t.method, t.path, t.key] }),
    index("idempotency_keys_workspace_id_created_at_idx").on(t.workspaceId, t.createdAt),
    tenantIsolationPolicy("idempotency_keys"),
  ],
).enableRLS();
