CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."instance_audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action" text NOT NULL,
	"actor_label" text NOT NULL,
	"detail" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "instance_audit_events_actor_length" CHECK (char_length("analytics"."instance_audit_events"."actor_label") <= 500)
);
--> statement-breakpoint
CREATE INDEX "instance_audit_events_created_idx" ON "analytics"."instance_audit_events" USING btree ("created_at");--> statement-breakpoint
-- Written by hand: the privileged analytics path (docs/architecture.md, "Instance analytics").
-- workledger_analytics logs in (npm run db:migrate gives it its password) and reaches only the
-- `analytics` schema: aggregate views and the instance audit table. The views are owned by
-- workledger_analytics_views, which nobody logs in as: it may read only the columns the views count,
-- through a read-only policy of its own on each tenant table it aggregates.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'workledger_analytics') THEN
    CREATE ROLE workledger_analytics NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'workledger_analytics_views') THEN
    CREATE ROLE workledger_analytics_views NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
  -- A schema owner that is not a superuser must be a member to hand the views over.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT workledger_analytics_views TO %I', current_user);
  END IF;
END
$$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO workledger_analytics_views;--> statement-breakpoint
GRANT USAGE ON SCHEMA analytics TO workledger_analytics_views, workledger_analytics;--> statement-breakpoint
GRANT SELECT (workspace_id, currency, total_minor, sent_at, created_at) ON invoices TO workledger_analytics_views;--> statement-breakpoint
GRANT SELECT (created_at) ON workspaces TO workledger_analytics_views;--> statement-breakpoint
GRANT SELECT (created_at) ON users TO workledger_analytics_views;--> statement-breakpoint
CREATE POLICY "invoices_analytics_read" ON "invoices" AS PERMISSIVE FOR SELECT TO "workledger_analytics_views" USING (true);--> statement-breakpoint
-- Every view is a per-day aggregate with no names, numbers, emails or ids, and leaves out any group
-- that covers fewer than five workspaces (or people), so no figure describes one small customer.
CREATE VIEW analytics.signups_daily WITH (security_barrier) AS
  SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS signups
  FROM public.users GROUP BY 1 HAVING count(*) >= 5;--> statement-breakpoint
CREATE VIEW analytics.workspaces_created_daily WITH (security_barrier) AS
  SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS workspaces
  FROM public.workspaces GROUP BY 1 HAVING count(*) >= 5;--> statement-breakpoint
CREATE VIEW analytics.active_workspaces_daily WITH (security_barrier) AS
  SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(DISTINCT workspace_id)::int AS workspaces
  FROM public.invoices GROUP BY 1 HAVING count(DISTINCT workspace_id) >= 5;--> statement-breakpoint
CREATE VIEW analytics.invoices_sent_daily WITH (security_barrier) AS
  SELECT (sent_at AT TIME ZONE 'UTC')::date AS day, currency, count(*)::int AS invoices,
         sum(total_minor)::text AS amount_minor, count(DISTINCT workspace_id)::int AS workspaces
  FROM public.invoices WHERE sent_at IS NOT NULL GROUP BY 1, 2 HAVING count(DISTINCT workspace_id) >= 5;--> statement-breakpoint
ALTER VIEW analytics.signups_daily OWNER TO workledger_analytics_views;--> statement-breakpoint
ALTER VIEW analytics.workspaces_created_daily OWNER TO workledger_analytics_views;--> statement-breakpoint
ALTER VIEW analytics.active_workspaces_daily OWNER TO workledger_analytics_views;--> statement-breakpoint
ALTER VIEW analytics.invoices_sent_daily OWNER TO workledger_analytics_views;--> statement-breakpoint
GRANT SELECT ON analytics.signups_daily, analytics.workspaces_created_daily, analytics.active_workspaces_daily, analytics.invoices_sent_daily TO workledger_analytics;--> statement-breakpoint
GRANT SELECT, INSERT ON analytics.instance_audit_events TO workledger_analytics;
