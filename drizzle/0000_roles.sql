-- Roles the app runs as (ARCHITECTURE.md, "Database roles"). Created NOLOGIN here; `npm run db:migrate`
-- then gives the login roles their password (derived from the auth secret, never committed) and
-- verifies that none of them is a superuser or may bypass RLS.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'workledger_tenant') THEN
    CREATE ROLE workledger_tenant NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'workledger_auth') THEN
    CREATE ROLE workledger_auth NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
END
$$;
