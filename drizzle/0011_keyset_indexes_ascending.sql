DROP INDEX "clients_workspace_created_idx";--> statement-breakpoint
DROP INDEX "audit_events_workspace_created_idx";--> statement-breakpoint
DROP INDEX "outbox_emails_workspace_created_idx";--> statement-breakpoint
DROP INDEX "invoices_workspace_created_idx";--> statement-breakpoint
CREATE INDEX "clients_workspace_created_idx" ON "clients" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_workspace_created_idx" ON "audit_events" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_emails_workspace_created_idx" ON "outbox_emails" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "invoices_workspace_created_idx" ON "invoices" USING btree ("workspace_id","created_at","id");