CREATE TABLE "job_effects" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"job" text NOT NULL,
	"effect_key" text NOT NULL,
	"job_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_effects_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "job_effects_once" UNIQUE("workspace_id","job","effect_key")
);
--> statement-breakpoint
ALTER TABLE "job_effects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "job_failures" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"job" text NOT NULL,
	"job_id" text NOT NULL,
	"attempts" integer NOT NULL,
	"error" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_failures_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "job_failures_once" UNIQUE("workspace_id","job_id")
);
--> statement-breakpoint
ALTER TABLE "job_failures" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "job_effects" ADD CONSTRAINT "job_effects_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_failures" ADD CONSTRAINT "job_failures_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_failures_workspace_created_idx" ON "job_failures" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE POLICY "job_effects_tenant_isolation" ON "job_effects" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "job_failures_tenant_isolation" ON "job_failures" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
GRANT SELECT, INSERT ON job_effects, job_failures TO workledger_tenant;--> statement-breakpoint
ALTER TABLE job_effects FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE job_failures FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The job queue's role (src/platform/jobs/): logs in like the others (password set by migrateDatabase), owns
-- only the queue's own schema, and has no grant on any table of the app; jobs reach tenant data through
-- the tenant role's tenant transaction like every request.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'workledger_jobs') THEN
    CREATE ROLE workledger_jobs NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
END
$$;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS workledger_jobs AUTHORIZATION workledger_jobs;
