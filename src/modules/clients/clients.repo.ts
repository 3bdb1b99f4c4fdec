import { and, asc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { now } from "@/lib/clock";
import type { Cursor } from "@/platform/pagination";
import { containsPattern } from "@/platform/db/search";
import { clients, invoices } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { ClientChoice, ClientDto, ClientSort, CreateClientInput, ListClientsQuery, UpdateClientInput } from "./clients.schemas";

const columns = {
  id: clients.id,
  name: clients.name,
  email: clients.email,
  billingAddress: clients.billingAddress,
  taxId: clients.taxId,
  street: clients.street,
  city: clients.city,
  postcode: clients.postcode,
  countryCode: clients.countryCode,
  vatId: clients.vatId,
  endpointId: clients.endpointId,
  endpointScheme: clients.endpointScheme,
  currency: clients.currency,
  notes: clients.notes,
  archivedAt: clients.archivedAt,
  createdAt: clients.createdAt,
  updatedAt: clients.updatedAt,
};

function clientFilters(t: TenantScope, q: { q?: string; status: ListClientsQuery["status"] }): SQL[] {
  const filters: SQL[] = [eq(clients.workspaceId, t.workspaceId)];
  if (q.status === "active") filters.push(isNull(clients.archivedAt));
  if (q.status === "archived") filters.push(isNotNull(clients.archivedAt));
  if (q.q) {
    // Each expression as the migration `search` indexes it (trigram GIN on (workspace_id, expression)).
    const pattern = containsPattern(q.q);
    filters.push(
      or(
        sql`public.workledger_unaccent(${clients.name}) ilike ${pattern}`,
        sql`public.workledger_unaccent(${clients.email}) ilike ${pattern}`,
        sql`public.workledger_unaccent(${clients.taxId}) ilike ${pattern}`,
      )!,
    );
  }
  return filters;
}

export async function countClients(t: TenantScope, q: { q?: string; status: ListClientsQuery["status"] }): Promise<number> {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(clients)
    .where(and(...clientFilters(t, q)));
  return row?.n ?? 0;
}

/** Up to `limit` clients by name, for select lists. */
export async function clientChoices(t: TenantScope, status: ListClientsQuery["status"], limit: number): Promise<ClientChoice[]> {
  return t.db
    .select({ id: clients.id, name: clients.name, currency: clients.currency, archivedAt: clients.archivedAt })
    .from(clients)
    .where(and(...clientFilters(t, { status })))
    .orderBy(asc(sql`lower(${clients.name})`), asc(clients.id))
    .limit(limit);
}

export async function findClient(t: TenantScope, id: string): Promise<ClientDto | undefined> {
  const [row] = await t.db
    .select(columns)
    .from(clients)
    .where(and(eq(clients.workspaceId, t.workspaceId), eq(clients.id, id)));
  return row;
}

export async function insertClient(t: TenantScope, values: CreateClientInput): Promise<ClientDto> {
  const [row] = await t.db
    .insert(clients)
    .values({ ...values, workspaceId: t.workspaceId })
    .returning(columns);
  return row!;
}

export async function updateClient(
  t: TenantScope,
  id: string,
  values: Omit<UpdateClientInput, "archived">,
): Promise<ClientDto | undefined> {
  const [row] = await t.db
    .update(clients)
    .set({ ...values, updatedAt: now() })
    .where(and(eq(clients.workspaceId, t.workspaceId), eq(clients.id, id)))
    .returning(columns);
  return row;
}

export async function setClientArchived(t: TenantScope, id: string, archived: boolean): Promise<ClientDto | undefined> {
  const [row] = await t.db
    .update(clients)
    .set({ archivedAt: archived ? sql`coalesce(${clients.archivedAt}, ${now().toISOString()}::timestamptz)` : null, updatedAt: now() })
    .where(and(eq(clients.workspaceId, t.workspaceId), eq(clients.id, id)))
    .returning(columns);
  return row;
}

export async function deleteClient(t: TenantScope, id: string): Promise<boolean> {
  const rows = await t.db
    .delete(clients)
    .where(and(eq(clients.workspaceId, t.workspaceId), eq(clients.id, id)))
    .returning({ id: clients.id });
  return rows.length > 0;
}

/** Invoices keep their client (the foreign key restricts deletes); checked first for a clear 409. */
export async function hasInvoices(t: TenantScope, id: string): Promise<boolean> {
  const rows = await t.db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, t.workspaceId), eq(invoices.clientId, id)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Each order's sort column and the type a cursor's text value is read back as; creation time alone
 * needs none. Ties go by (created_at, id), all in the list's one direction.
 */
const SORT_COLUMNS: Record<ClientSort, { column: SQL<string>; type: SQL } | null> = {
  created_at: null,
  name: { column: sql<string>`lower(${clients.name})`, type: sql`text` },
  email: { column: sql<string>`coalesce(lower(${clients.email}), '')`, type: sql`text` },
};

export function sortNeedsKey(sort: ClientSort): boolean {
  return SORT_COLUMNS[sort] !== null;
}

/** One page in the asked order, after the cursor (keyset on (sort column, created_at, id)); `limit + 1` rows. */
export async function listClientsAfter(
  t: TenantScope,
  q: Pick<ListClientsQuery, "q" | "status"> & Partial<Pick<ListClientsQuery, "sort" | "dir">>,
  after: Cursor | undefined,
  limit: number,
): Promise<(ClientDto & { sortKey: string | null })[]> {
  const filters = clientFilters(t, q);
  const sort = SORT_COLUMNS[q.sort ?? "created_at"];
  const dir = q.dir === "asc" ? sql`asc` : sql`desc`;
  if (after) {
    const cmp = q.dir === "asc" ? sql`>` : sql`<`;
    const position = sql`${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid`;
    filters.push(
      sort
        ? sql`(${sort.column}, ${clients.createdAt}, ${clients.id}) ${cmp} (cast(${after.key ?? null} as ${sort.type}), ${position})`
        : sql`(${clients.createdAt}, ${clients.id}) ${cmp} (${position})`,
    );
  }
  const order = sort
    ? [sql`${sort.column} ${dir}`, sql`${clients.createdAt} ${dir}`, sql`${clients.id} ${dir}`]
    : [sql`${clients.createdAt} ${dir}`, sql`${clients.id} ${dir}`];
  return t.db
    .select({ ...columns, sortKey: sort ? sort.column : sql<string | null>`null::text` })
    .from(clients)
    .where(and(...filters))
    .orderBy(...order)
    .limit(limit + 1);
}

/** The names of those of these clients that still exist in the workspace. */
export async function clientNamesByIds(t: TenantScope, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return t.db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(and(eq(clients.workspaceId, t.workspaceId), inArray(clients.id, ids)));
}
