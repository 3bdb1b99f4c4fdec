import { drizzle } from "drizzle-orm/postgres-js";
import { tenantSql } from "@/platform/db/client";
import * as schema from "@/platform/db/schema";

/**
 * The tenant role's pool as a plain Drizzle handle, for tests that query it outside any tenant
 * transaction to prove that it sees nothing. The app has no such handle: only withTenant() reaches it.
 */
export function rawTenantPool() {
  return drizzle({ client: tenantSql(), schema });
}
