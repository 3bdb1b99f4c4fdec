CREATE TABLE "invoice_reminders" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"rule_id" uuid,
	"offset_days" integer NOT NULL,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"delivery_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_reminders_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "invoice_reminders_once" UNIQUE("workspace_id","invoice_id","rule_id"),
	CONSTRAINT "invoice_reminders_delivery_key" UNIQUE("workspace_id","delivery_id"),
	CONSTRAINT "invoice_reminders_status_known" CHECK ("invoice_reminders"."status" in ('queued', 'sent', 'failed', 'skipped', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "invoice_reminders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "reminder_rules" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"offset_days" integer NOT NULL,
	"subject" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_rules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "reminder_rules_offset_key" UNIQUE("workspace_id","offset_days"),
	CONSTRAINT "reminder_rules_offset_range" CHECK ("reminder_rules"."offset_days" between -60 and 365),
	CONSTRAINT "reminder_rules_subject_length" CHECK (char_length("reminder_rules"."subject") between 1 and 200),
	CONSTRAINT "reminder_rules_message_length" CHECK (char_length("reminder_rules"."message") <= 10000)
);
--> statement-breakpoint
ALTER TABLE "reminder_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoice_deliveries" DROP CONSTRAINT "invoice_deliveries_status_known";--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "reminders_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "reminders_paused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_invoice_fk" FOREIGN KEY ("workspace_id","invoice_id") REFERENCES "public"."invoices"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_delivery_fk" FOREIGN KEY ("workspace_id","delivery_id") REFERENCES "public"."invoice_deliveries"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_rules" ADD CONSTRAINT "reminder_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_reminders_invoice_idx" ON "invoice_reminders" USING btree ("workspace_id","invoice_id","created_at");--> statement-breakpoint
ALTER TABLE "invoice_deliveries" ADD CONSTRAINT "invoice_deliveries_status_known" CHECK ("invoice_deliveries"."status" in ('queued', 'sent', 'failed', 'cancelled'));--> statement-breakpoint
CREATE POLICY "invoice_reminders_tenant_isolation" ON "invoice_reminders" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "reminder_rules_tenant_isolation" ON "reminder_rules" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
-- Written by hand: a deleted rule keeps the invoices' reminder history (only rule_id becomes null; the
-- offset stays on the row). drizzle cannot express ON DELETE SET NULL for one column of a composite key.
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_rule_fk" FOREIGN KEY ("workspace_id","rule_id") REFERENCES "public"."reminder_rules"("workspace_id","id") ON DELETE SET NULL ("rule_id") ON UPDATE no action;--> statement-breakpoint
-- The policies are forced on the tables' owner too; the tenant role gets only what the code does.
ALTER TABLE reminder_rules FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE invoice_reminders FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON reminder_rules TO workledger_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON invoice_reminders TO workledger_tenant;
