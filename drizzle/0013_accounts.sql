-- The outbox kept invitation emails, with their live links, in plain text: those copies are dropped
-- with the column (TRUNCATE, because forced row-level security hides the rows from a non-superuser
-- owner). The invitations themselves stay valid; an inviter can resend to get a new, sealed copy.
TRUNCATE outbox_emails;--> statement-breakpoint
CREATE TABLE "account_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"kind" text NOT NULL,
	"body_sealed" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "two_factors" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"secret" text NOT NULL,
	"backup_codes" text NOT NULL,
	"verified" boolean DEFAULT true NOT NULL,
	"failed_verification_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "two_factor_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "require_two_factor" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "two_factors" ADD CONSTRAINT "two_factors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_emails_created_idx" ON "account_emails" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "two_factors_user_id_key" ON "two_factors" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "outbox_emails" DROP COLUMN "body_text";--> statement-breakpoint

ALTER TABLE "outbox_emails" ADD COLUMN "kind" text NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "audience_role" text NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "body_sealed" text NOT NULL;--> statement-breakpoint

-- Two-factor enrolments are identity data: the auth role (Better Auth) owns them. Account emails are
-- only ever appended by the app (auth role); the operator reads them as the owner with `npm run outbox`.
GRANT SELECT, INSERT, UPDATE, DELETE ON two_factors TO workledger_auth;--> statement-breakpoint
GRANT INSERT ON account_emails TO workledger_auth;

