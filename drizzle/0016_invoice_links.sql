-- Public invoice links and payment instructions. invoice_links is a tenant table like the others
-- (forced RLS on workspace_id, composite keys), with one more read-only policy for the tenant role:
-- the one row whose token hash the transaction was bound to (withLinkLookup(), which binds no
-- workspace), how the public page /i/<token> finds its workspace. No role bypasses RLS for it.
CREATE TABLE "invoice_links" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"token_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"first_viewed_at" timestamp with time zone,
	"last_viewed_at" timestamp with time zone,
	"view_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "invoice_links_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "invoice_links_view_count_non_negative" CHECK ("invoice_links"."view_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "invoice_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "bank_account_holder" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "bank_iban" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "bank_bic" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "payment_instructions" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "payment_url" text;--> statement-breakpoint
ALTER TABLE "invoice_links" ADD CONSTRAINT "invoice_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_links" ADD CONSTRAINT "invoice_links_invoice_fk" FOREIGN KEY ("workspace_id","invoice_id") REFERENCES "public"."invoices"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_links_token_hash_key" ON "invoice_links" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_links_live_key" ON "invoice_links" USING btree ("workspace_id","invoice_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE POLICY "invoice_links_tenant_isolation" ON "invoice_links" AS PERMISSIVE FOR ALL TO "workledger_tenant" USING (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "invoice_links_link_lookup" ON "invoice_links" AS PERMISSIVE FOR SELECT TO "workledger_tenant" USING (token_hash = (SELECT NULLIF(current_setting('app.invoice_link_token_hash', true), '')));--> statement-breakpoint
ALTER TABLE "invoice_links" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON invoice_links TO workledger_tenant;
