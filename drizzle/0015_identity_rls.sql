-- Identity tables inside the walls (issue 9). api_keys and invitations are read only by our code: the
-- auth role now sees the rows of the workspace bound by withIdentity() (app.workspace_id), or the one
-- row whose credential hash the transaction was bound to (API key authentication, the public
-- invitation page); nothing without a binding. Forced, like the tenant tables, so not even their owner
-- skips it by accident. members stays outside: Better Auth's adapter reads it across workspaces with
-- no binding (see src/platform/db/schema/auth.ts).
ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "invitations_workspace_isolation" ON "invitations" AS PERMISSIVE FOR ALL TO "workledger_auth" USING (organization_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (organization_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "invitations_credential_lookup" ON "invitations" AS PERMISSIVE FOR SELECT TO "workledger_auth" USING (token_hash = (SELECT NULLIF(current_setting('app.invitation_token_hash', true), '')));--> statement-breakpoint
CREATE POLICY "api_keys_workspace_isolation" ON "api_keys" AS PERMISSIVE FOR ALL TO "workledger_auth" USING (organization_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))) WITH CHECK (organization_id = (SELECT NULLIF(current_setting('app.workspace_id', true), '')));--> statement-breakpoint
CREATE POLICY "api_keys_credential_lookup" ON "api_keys" AS PERMISSIVE FOR SELECT TO "workledger_auth" USING (key_hash = (SELECT NULLIF(current_setting('app.api_key_hash', true), '')));--> statement-breakpoint
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;
