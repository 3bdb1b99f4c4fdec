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

/**
 * Identity tables that belong to one workspace (api_keys, invitations) carry `organization_id`, Better
 * Auth's name. The auth role sees and writes only the rows of the workspace bound to its transaction
 * by withIdentity() (src/platform/db/tenant.ts); without a binding, nothing.
 */
export const matchesBoundOrganization = sql`organization_id = (SELECT NULLIF(current_setting('app.workspace_id', true), ''))`;

export function identityIsolationPolicy(table: string) {
  return pgPolicy(`${table}_workspace_isolation`, {
    as: "permissive",
    for: "all",
    to: authRole,
    using: matchesBoundOrganization,
    withCheck: matchesBoundOrganization,
  });
}

/**
 * The one cross-workspace read of a credential table: the row whose secret's hash the transaction was
 * bound to (withIdentity({ apiKeyHash }) or ({ invitationTokenHash })). Knowing the hash means holding
 * the secret, so this shows a caller only the row their own credential names; it is read-only.
 */
export function credentialLookupPolicy(table: string, column: string, setting: string) {
  return pgPolicy(`${table}_credential_lookup`, {
    as: "permissive",
    for: "select",
    to: authRole,
    using: sql.raw(`${column} = (SELECT NULLIF(current_setting('${setting}', true), ''))`),
  });
}

/**
 * The one cross-workspace read of a tenant table by the tenant role: the row whose token hash the
 * transaction was bound to (withLinkLookup() in src/platform/db/tenant.ts binds nothing else, no
 * workspace). Knowing the hash means holding the token, so a visitor sees only the row of the link
 * they hold; read-only, and no role bypasses row-level security for it.
 */
export function linkLookupPolicy(table: string, column: string, setting: string) {
  return pgPolicy(`${table}_link_lookup`, {
    as: "permissive",
    for: "select",
    to: tenantRole,
    using: sql.raw(`${column} = (SELECT NULLIF(current_setting('${setting}', true), ''))`),
  });
}
