import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./auth";
import { credentialLookupPolicy, identityIsolationPolicy } from "./tenant-policy";

/**
 * Workspace API keys are credentials, like sessions: an identity table (auth role), looked up by the
 * hash of the secret before any workspace is known. Each key is bound to exactly one workspace.
 * Forced row-level security: the auth role sees the keys of the workspace bound by withIdentity(), or
 * the one key whose hash it was bound to (authentication); nothing else.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The first characters of the secret, shown in lists to tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the secret; the secret itself is shown once, at creation. */
    keyHash: text("key_hash").notNull(),
    role: text("role").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_keys_key_hash_key").on(t.keyHash),
    index("api_keys_organization_id_idx").on(t.organizationId, t.createdAt),
    identityIsolationPolicy("api_keys"),
    credentialLookupPolicy("api_keys", "key_hash", "app.api_key_hash"),
  ],
).enableRLS();
