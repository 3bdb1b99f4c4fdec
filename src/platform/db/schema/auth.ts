import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { credentialLookupPolicy, identityIsolationPolicy } from "./tenant-policy";

/*
 * Identity tables used by Better Auth (users, sessions, accounts, verifications) and its
 * organization plugin (workspaces = organizations, members, invitations). Column keys follow
 * Better Auth's field names; SQL names are snake_case. The auth role reaches these tables only.
 */

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    /** Set by Better Auth's two-factor plugin once a TOTP enrolment is confirmed with a code. */
    twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const workspaces = pgTable(
  "workspaces",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    logo: text("logo"),
    metadata: text("metadata"),
    /** Owner setting: members without two-factor authentication cannot enter the workspace (API keys are unaffected). */
    requireTwoFactor: boolean("require_two_factor").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("workspaces_slug_key").on(t.slug)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    // No foreign key: a workspace deleted under a live session must not break the session; the
    // tenant layer re-checks membership on every request and treats a dangling id as none.
    activeOrganizationId: text("active_organization_id"),
    ...timestamps,
  },
  (t) => [uniqueIndex("sessions_token_key").on(t.token), index("sessions_user_id_idx").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    ...timestamps,
  },
  (t) => [index("accounts_user_id_idx").on(t.userId)],
);

export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

/**
 * Memberships stay without row-level security: Better Auth's adapter reads them across workspaces
 * with no workspace bound (GET /organization/list, POST /organization/set-active, sign-up), so a
 * policy would hide them from it. The other walls hold: only the auth role has a grant, our repos
 * reach members only through withIdentity() and filter by the bound workspace or the signed-in user.
 */
export const members = pgTable(
  "members",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull().default("member"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("members_organization_user_key").on(t.organizationId, t.userId), index("members_user_id_idx").on(t.userId)],
);

/**
 * Only our code reads invitations (Better Auth's invitation endpoints are closed): forced row-level
 * security shows the auth role the invitations of the workspace bound by withIdentity(), or the one
 * whose token hash it was bound to (the public invitation page); nothing else.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role").notNull().default("member"),
    // pending | accepted | revoked; "expired" is derived from expires_at.
    status: text("status").notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    inviterId: text("inviter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the secret token; the token itself is only ever in the link. */
    tokenHash: text("token_hash").notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("invitations_organization_id_idx").on(t.organizationId),
    index("invitations_email_idx").on(t.email),
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    // At most one pending invitation per email per workspace.
    uniqueIndex("invitations_one_pending_per_email")
      .on(t.organizationId, sql`lower(${t.email})`)
      .where(sql`status = 'pending'`),
    identityIsolationPolicy("invitations"),
    credentialLookupPolicy("invitations", "token_hash", "app.invitation_token_hash"),
  ],
).enableRLS();

/**
 * Better Auth's two-factor plugin: one row per user with a TOTP enrolment. `secret` and
 * `backup_codes` are encrypted by Better Auth with a key from BETTER_AUTH_SECRET; `verified` is false
 * until the enrolment is confirmed with a code.
 */
export const twoFactors = pgTable(
  "two_factors",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secret: text("secret").notNull(),
    backupCodes: text("backup_codes").notNull(),
    verified: boolean("verified").notNull().default(true),
    failedVerificationCount: integer("failed_verification_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
  },
  (t) => [uniqueIndex("two_factors_user_id_key").on(t.userId)],
);

/**
 * Account-level email (address verification, password reset, password changed) kept when no
 * SMTP_URL is configured. It belongs to no workspace, so no one sees it in the app: the operator
 * reads it with `npm run outbox`. Bodies carry live links and are sealed, bound to their row.
 */
export const accountEmails = pgTable(
  "account_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    /** verify_email | reset_password | password_changed */
    kind: text("kind").notNull(),
    bodySealed: text("body_sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("account_emails_created_idx").on(t.createdAt)],
);
