CREATE TABLE "invoice_lines" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"quantity_milli" bigint NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"tax_rate_id" uuid,
	"tax_rate_name" text,
	"tax_rate_milli_percent" integer DEFAULT 0 NOT NULL,
	"discount_kind" text,
	"discount_value" bigint,
	"net_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	CONSTRAINT "invoice_lines_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "invoice_lines_non_negative" CHECK ("invoice_lines"."quantity_milli" >= 0 and "invoice_lines"."unit_price_minor" >= 0),
	CONSTRAINT "invoice_lines_discount_kind" CHECK ("invoice_lines"."discount_kind" is null or "invoice_lines"."discount_kind" in ('percent', 'amount'))
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoice_settings" (
	"workspace_id" text NOT NULL,
	"default_currency" text DEFAULT 'EUR' NOT NULL,
	"number_prefix" text DEFAULT 'INV-' NOT NULL,
	"number_padding" integer DEFAULT 4 NOT NULL,
	"next_number" integer DEFAULT 1 NOT NULL,
	"payment_terms_days" integer DEFAULT 30 NOT NULL,
	"sender_legal_name" text,
	"sender_address" text,
	"sender_tax_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_settings_workspace_id_pk" PRIMARY KEY("workspace_id"),
	CONSTRAINT "invoice_settings_next_number_positive" CHECK ("invoice_settings"."next_number" >= 1),
	CONSTRAINT "invoice_settings_terms_range" CHECK ("invoice_settings"."payment_terms_days" between 0 and 365)
);
--> statement-breakpoint
ALTER TABLE "invoice_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoices" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"number" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"currency" text NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"notes" text,
	"discount_kind" text,
	"discount_value" bigint,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"amount_paid_minor" bigint DEFAULT 0 NOT NULL,
	"balance_due_minor" bigint DEFAULT 0 NOT NULL,
	"duplicated_from_id" uuid,
	"sent_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "invoices_status_known" CHECK ("invoices"."status" in ('draft', 'sent', 'overdue', 'paid', 'void')),
	CONSTRAINT "invoices_number_when_sent" CHECK ("invoices"."status" = 'draft' or "invoices"."number" is not null or "invoices"."voided_at" is not null),
	CONSTRAINT "invoices_discount_kind" CHECK ("invoices"."discount_kind" is null or "invoices"."discount_kind" in ('percent', 'amount')),
	CONSTRAINT "invoices_amounts_non_negative" CHECK ("invoices"."total_minor" >= 0 and "invoices"."amount_paid_minor" >= 0 and "invoices"."amount_paid_minor" <= "invoices"."total_minor"),
	CONSTRAINT "invoices_due_after_issue" CHECK ("invoices"."due_date" >= "invoices"."issue_date")
);
--> statement-breakpoint
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payments" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"recorded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_minor" > 0),
	CONSTRAINT "payments_method_known" CHECK ("payments"."method" in ('bank_transfer', 'card', 'cash', 'other'))
);
--> statement-breakpoint
ALTER TABLE "payments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tax_rates" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"rate_milli_percent" integer NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_rates_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "tax_rates_rate_range" CHECK ("tax_rates"."rate_milli_percent" between 0 and 100000)
);
--> statement-breakpoint
ALTER TABLE "tax_rates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_fk" FOREIGN KEY ("workspace_id","invoice_id") REFERENCES "public"."invoices"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tax_rate_fk" FOREIGN KEY ("workspace_id","tax_rate_id") REFERENCES "public"."tax_rates"("workspace_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD CONSTRAINT "invoice_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_client_fk" FOREIGN KEY ("workspace_id","client_id") REFERENCES "public"."clients"("workspace_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_fk" FOREIGN KEY ("workspace_id","invoice_id") REFERENCES "public"."invoices"("workspace_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_lines_workspace_invoice_idx" ON "invoice_lines" USING btree ("workspace_id","invoice_id","position");--> statement-breakpoint
CREATE INDEX "invoice_lines_workspace_tax_rate_idx" ON "invoice_lines" USING btree ("workspace_id","tax_rate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_workspace_number_key" ON "invoices" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE INDEX "invoices_workspace_status_due_idx" ON "invoices" USING btree ("workspace_id","status","due_date");--> statement-breakpoint
CREATE INDEX "invoices_workspace_client_idx" ON "invoices" USING btree ("workspace_id","client_id");--> statement-breakpoint
CREATE INDEX "invoices_workspace_issue_idx" ON "invoices" USING btree ("workspace_id","issue_date","id");--> statement-breakpoint
CREATE INDEX "invoices_workspace_updated_idx" ON "invoices" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "payments_workspace_invoice_idx" ON "payments" USING btree ("workspace_id","invoice_id");--> statement-breakpoint
CREATE INDEX "payments_workspace_paid_on_idx" ON "payments" USING btree ("workspace_id","paid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_rates_active_name_key" ON "tax_rates" USING btree ("workspace_id",lower("name")) WHERE archived_at is null;--> statement-breakpoint
CREATE POLICY "invoice_lines_tenant_isolation" ON "invoice_lines" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "invoice_settings_tenant_isolation" ON "invoice_settings" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "invoices_tenant_isolation" ON "invoices" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "payments_tenant_isolation" ON "payments" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "tax_rates_tenant_isolation" ON "tax_rates" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));