-- Audit events: the tenant role reads and appends, never rewrites history (no UPDATE/DELETE grant).
-- The auth role, which runs membership changes, may append an event for the workspace bound to its
-- transaction (policy audit_events_auth_insert) and nothing else.
GRANT SELECT, INSERT ON audit_events TO workledger_tenant;--> statement-breakpoint
GRANT INSERT ON audit_events TO workledger_auth;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON outbox_emails TO workledger_tenant;--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE outbox_emails FORCE ROW LEVEL SECURITY;
