GRANT SELECT, INSERT, UPDATE ON api_keys TO workledger_auth;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO workledger_tenant;--> statement-breakpoint
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
