-- Least privilege: the auth role reaches only the identity tables, the tenant role only the tenant
-- tables, and RLS on tenant tables is forced so not even their owner skips it by accident.
REVOKE ALL ON SCHEMA public FROM PUBLIC;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO workledger_tenant, workledger_auth;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions, accounts, verifications, workspaces, members, invitations TO workledger_auth;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON clients TO workledger_tenant;--> statement-breakpoint
ALTER TABLE clients FORCE ROW LEVEL SECURITY;
