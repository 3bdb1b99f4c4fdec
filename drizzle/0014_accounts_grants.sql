-- Two-factor enrolments are identity data: the auth role (Better Auth) owns them. Account emails are
-- only ever appended by the app (auth role); the operator reads them as the owner with `npm run outbox`.
GRANT SELECT, INSERT, UPDATE, DELETE ON two_factors TO workledger_auth;--> statement-breakpoint
GRANT INSERT ON account_emails TO workledger_auth;
