ALTER TABLE "outbox_emails" ADD COLUMN "kind" text NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "audience_role" text NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "body_sealed" text NOT NULL;