CREATE TABLE "billing_events" (
	"workspace_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "billing_events_workspace_id_event_id_pk" PRIMARY KEY("workspace_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "billing_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "workspace_plans" (
	"workspace_id" text NOT NULL,
	"plan" text NOT NULL,
	"source" text NOT NULL,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"subscription_status" text,
	"last_event_created" bigint,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "workspace_plans_workspace_id_pk" PRIMARY KEY("workspace_id"),
	CONSTRAINT "workspace_plans_plan_known" CHECK ("workspace_plans"."plan" in ('free', 'pro', 'business')),
	CONSTRAINT "workspace_plans_source_known" CHECK ("workspace_plans"."source" in ('admin', 'stripe'))
);
--> statement-breakpoint
ALTER TABLE "workspace_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "billing_events" ADD CONSTRAINT "billing_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_plans" ADD CONSTRAINT "workspace_plans_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "billing_events_tenant_isolation" ON "billing_events" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "workspace_plans_tenant_isolation" ON "workspace_plans" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
-- The policies are forced on the tables' owner too; the tenant role gets only what the code does.
ALTER TABLE workspace_plans FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE billing_events FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON workspace_plans TO workledger_tenant;--> statement-breakpoint
GRANT SELECT, INSERT ON billing_events TO workledger_tenant;
