-- Written by hand (drizzle does not model extensions, functions or operator classes): search that finds
-- things. `unaccent` folds accents ("angstrom" finds "Ångström"), `pg_trgm` indexes substrings for
-- ILIKE '%…%', and `btree_gin` lets those GIN indexes lead with workspace_id like every tenant index.
-- All three are trusted extensions: the schema owner who runs the migrations may create them.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;--> statement-breakpoint
-- unaccent() is STABLE (its dictionary could change), so an index cannot use it directly. This wrapper
-- names the dictionary, bound when the function is created (a SQL-standard body), and so is IMMUTABLE
-- whatever the caller's search_path. Queries must call it exactly as the indexes do.
CREATE OR REPLACE FUNCTION public.workledger_unaccent(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, value);--> statement-breakpoint
REVOKE ALL ON FUNCTION public.workledger_unaccent(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.workledger_unaccent(text) TO workledger_tenant;--> statement-breakpoint
CREATE INDEX "clients_search_name_idx" ON "clients" USING gin ("workspace_id", public.workledger_unaccent("name") public.gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "clients_search_email_idx" ON "clients" USING gin ("workspace_id", public.workledger_unaccent("email") public.gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "clients_search_tax_id_idx" ON "clients" USING gin ("workspace_id", public.workledger_unaccent("tax_id") public.gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "invoices_search_number_idx" ON "invoices" USING gin ("workspace_id", public.workledger_unaccent("number") public.gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "invoice_lines_search_description_idx" ON "invoice_lines" USING gin ("workspace_id", public.workledger_unaccent("description") public.gin_trgm_ops);
