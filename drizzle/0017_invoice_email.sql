CREATE TABLE "email_templates" (
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"message" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_templates_workspace_id_kind_pk" PRIMARY KEY("workspace_id","kind"),
	CONSTRAINT "email_templates_subject_length" CHECK (char_length("email_templates"."subject") between 1 and 200),
	CONSTRAINT "email_templates_message_length" CHECK (char_length("email_templates"."message") <= 10000)
);
--> statement-breakpoint
ALTER TABLE "email_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoice_deliveries" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"recipients" text[] NOT NULL,
	"cc" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"attach_pdf" boolean DEFAULT true NOT NULL,
	"sender_name" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_by" text,
	"created_by_label" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_deliveries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "invoice_deliveries_status_known" CHECK ("invoice_deliveries"."status" in ('queued', 'sent', 'failed')),
	CONSTRAINT "invoice_deliveries_sent_at" CHECK (("invoice_deliveries"."status" = 'sent') = ("invoice_deliveries"."sent_at" is not null)),
	CONSTRAINT "invoice_deliveries_recipients" CHECK (cardinality("invoice_deliveries"."recipients") between 1 and 20 and cardinality("invoice_deliveries"."cc") <= 20)
);
--> statement-breakpoint
ALTER TABLE "invoice_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoice_delivery_attempts" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"outcome" text NOT NULL,
	"error" text,
	"job_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_delivery_attempts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "invoice_delivery_attempts_once" UNIQUE("workspace_id","delivery_id","attempt"),
	CONSTRAINT "invoice_delivery_attempts_outcome" CHECK ("invoice_delivery_attempts"."outcome" in ('sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "invoice_delivery_attempts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "email_templates" ADD CONSTRAINT "email_templates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_deliveries" ADD CONSTRAINT "invoice_deliveries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_deliveries" ADD CONSTRAINT "invoice_deliveries_invoice_fk" FOREIGN KEY ("workspace_id","invoice_id") REFERENCES "public"."invoices"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_delivery_attempts" ADD CONSTRAINT "invoice_delivery_attempts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_delivery_attempts" ADD CONSTRAINT "invoice_delivery_attempts_delivery_fk" FOREIGN KEY ("workspace_id","delivery_id") REFERENCES "public"."invoice_deliveries"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_deliveries_invoice_idx" ON "invoice_deliveries" USING btree ("workspace_id","invoice_id","created_at");--> statement-breakpoint
CREATE INDEX "invoice_deliveries_queued_idx" ON "invoice_deliveries" USING btree ("workspace_id","created_at") WHERE status = 'queued';--> statement-breakpoint
CREATE POLICY "email_templates_tenant_isolation" ON "email_templates" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "invoice_deliveries_tenant_isolation" ON "invoice_deliveries" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "invoice_delivery_attempts_tenant_isolation" ON "invoice_delivery_attempts" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
-- Written by hand (docs/architecture.md, "How to add a module"): the policies are forced on the tables'
-- owner too, and the app's tenant role gets only what the code does (attempts are appended, never changed).
ALTER TABLE email_templates FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE invoice_deliveries FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE invoice_delivery_attempts FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON email_templates TO workledger_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON invoice_deliveries TO workledger_tenant;--> statement-breakpoint
GRANT SELECT, INSERT ON invoice_delivery_attempts TO workledger_tenant;
