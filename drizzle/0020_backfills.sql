CREATE TABLE "backfill_progress" (
	"workspace_id" text NOT NULL,
	"backfill" text NOT NULL,
	"status" text NOT NULL,
	"cursor" text,
	"batches" integer DEFAULT 0 NOT NULL,
	"rows_seen" integer DEFAULT 0 NOT NULL,
	"rows_changed" integer DEFAULT 0 NOT NULL,
	"rows_reported" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "backfill_progress_workspace_id_backfill_pk" PRIMARY KEY("workspace_id","backfill"),
	CONSTRAINT "backfill_progress_status_known" CHECK ("backfill_progress"."status" in ('running', 'done', 'failed')),
	CONSTRAINT "backfill_progress_error_length" CHECK (char_length("backfill_progress"."error") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "backfill_progress" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "backfill_progress" ADD CONSTRAINT "backfill_progress_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "backfill_progress_tenant_isolation" ON "backfill_progress" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
-- The policy is forced on the table's owner too; the tenant role gets only what the backfill runner does.
ALTER TABLE backfill_progress FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON backfill_progress TO workledger_tenant;
