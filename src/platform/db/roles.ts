/**
 * The database roles (docs/architecture.md, "Database roles"). The app logs in directly as the
 * tenant role and the auth role through two separate pools; the owner only runs migrations.
 * A query that escapes the tenant transaction therefore runs as the tenant role with no
 * `app.workspace_id` set and sees zero rows (RLS fails closed), and the auth pool has no grant
 * on any tenant table at all (permission denied).
 */
export const TENANT_ROLE = "workledger_tenant";
export const AUTH_ROLE = "workledger_auth";
/** The job queue's role: owns the queue's schema (JOBS_SCHEMA) and nothing else. */
export const JOBS_ROLE = "workledger_jobs";
export const JOBS_SCHEMA = "workledger_jobs";
/**
 * The instance analytics role: USAGE on the `analytics` schema only (aggregate views, the instance
 * audit table), none on `public`, so no tenant or identity table. The views belong to
 * ANALYTICS_VIEWS_ROLE, which nobody logs in as.
 */
export const ANALYTICS_ROLE = "workledger_analytics";
export const ANALYTICS_VIEWS_ROLE = "workledger_analytics_views";
export const APP_LOGIN_ROLES = [TENANT_ROLE, AUTH_ROLE, JOBS_ROLE, ANALYTICS_ROLE] as const;
export type AppLoginRole = (typeof APP_LOGIN_ROLES)[number];
