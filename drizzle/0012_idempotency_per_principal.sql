-- Stored answers were scoped to the workspace only and kept API-key secrets and invitation links in
-- plain text: drop them (they are a 24-hour convenience, not data), then scope keys by caller, method and path.
DELETE FROM "idempotency_keys";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_workspace_id_key_pk";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "principal" text NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "method" text NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "path" text NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_workspace_id_principal_method_path_key_pk" PRIMARY KEY("workspace_id","principal","method","path","key");--> statement-breakpoint
CREATE INDEX "idempotency_keys_workspace_id_created_at_idx" ON "idempotency_keys" USING btree ("workspace_id","created_at");
