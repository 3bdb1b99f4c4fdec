import { sql } from "drizzle-orm";
import { pgPolicy, pgRole } from "drizzle-orm/pg-core";
import { AUTH_ROLE, TENANT_ROLE } from "@/platform/db/roles";

export const tenantRole = pgRole(TENANT_ROLE).existing();
export const authRole = pgRole(AUTH_ROLE).existing();

/**
 * The one row-level policy every tenant table carries (for all commands, USING and WITH CHECK).
 * NULLIF: a transaction-local setting reads back as '' once its transaction ends, so an unset or
 * spent setting matches no row. The sub-select makes PostgreSQL evaluate it once per statement.
 */
export const matchesWorkspace = sql`workspace_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))`;

export function tenantIsolationPolicy(table: string) {
  return pgPolicy(`${table}_tenant_isolation`, {
    as: "permissive",
    for: "all",
    to: tenantRole,
    using: matchesWorkspace,
    withCheck: matchesWorkspace,
  });
}
