GRANT SELECT, INSERT, UPDATE ON invoice_settings TO workledger_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tax_rates, invoices, invoice_lines, payments TO workledger_tenant;--> statement-breakpoint
ALTER TABLE invoice_settings FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE tax_rates FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE invoice_lines FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE payments FORCE ROW LEVEL SECURITY;
