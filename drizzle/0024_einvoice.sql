ALTER TABLE "clients" ADD COLUMN "street" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "city" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "postcode" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "country_code" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "vat_id" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "endpoint_id" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "endpoint_scheme" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "unit_code" text DEFAULT 'C62' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "vat_category" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "exemption_reason" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "sender_street" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "sender_city" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "sender_postcode" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "sender_country_code" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "sender_vat_id" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "sender_registration_id" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "sender_endpoint_id" text;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "sender_endpoint_scheme" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "buyer_reference" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "purchase_order_reference" text;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD COLUMN "vat_category" text DEFAULT 'S' NOT NULL;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD COLUMN "exemption_reason" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_vat_category_known" CHECK ("invoice_lines"."vat_category" is null or "invoice_lines"."vat_category" in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O'));--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_vat_category_known" CHECK ("tax_rates"."vat_category" in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O'));--> statement-breakpoint
-- Written by hand: sensible EN 16931 defaults for existing rows, one workspace at a time, so the forced
-- row-level security policies let the updates see the rows whatever role runs the migrations.
-- A 0 % rate is a zero-rated supply (Z; S needs a rate above 0); every line snapshots its rate's category
-- (lines without a rate have none); a tax id shaped like a VAT number (two letters, then 2–13 letters or
-- digits) becomes the seller's or the client's VAT id. Nothing is guessed for addresses or countries.
DO $$
DECLARE
  w record;
BEGIN
  FOR w IN SELECT id FROM workspaces LOOP
    PERFORM set_config('app.workspace_id', w.id, true);
    UPDATE tax_rates SET vat_category = 'Z' WHERE workspace_id = w.id AND rate_milli_percent = 0;
    UPDATE invoice_lines l SET vat_category = r.vat_category
      FROM tax_rates r
      WHERE l.workspace_id = w.id AND r.workspace_id = w.id AND r.id = l.tax_rate_id AND l.vat_category IS NULL;
    UPDATE invoice_lines SET vat_category = 'Z'
      WHERE workspace_id = w.id AND tax_rate_id IS NOT NULL AND tax_rate_milli_percent = 0 AND vat_category = 'S';
    UPDATE invoice_lines SET vat_category = 'S'
      WHERE workspace_id = w.id AND tax_rate_id IS NOT NULL AND tax_rate_milli_percent > 0 AND vat_category <> 'S';
    UPDATE invoice_settings SET sender_vat_id = upper(regexp_replace(sender_tax_id, '[\s.-]', '', 'g'))
      WHERE workspace_id = w.id AND sender_vat_id IS NULL
        AND upper(regexp_replace(sender_tax_id, '[\s.-]', '', 'g')) ~ '^[A-Z]{2}[0-9A-Z]{2,13}$';
    UPDATE clients SET vat_id = upper(regexp_replace(tax_id, '[\s.-]', '', 'g'))
      WHERE workspace_id = w.id AND vat_id IS NULL
        AND upper(regexp_replace(tax_id, '[\s.-]', '', 'g')) ~ '^[A-Z]{2}[0-9A-Z]{2,13}$';
  END LOOP;
  PERFORM set_config('app.workspace_id', '', true);
END
$$;
--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_vat_category_rate" CHECK (("tax_rates"."vat_category" = 'S') = ("tax_rates"."rate_milli_percent" > 0));
