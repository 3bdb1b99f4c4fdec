import { asSentences } from "@/components/field";
import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { countClients, listClients } from "@/modules/clients/clients.service";
import { CursorPager, cursorPosition } from "@/components/cursor-pager";
import { CLIENT_STATUSES, listClientsQuery, type ClientSort } from "@/modules/clients/clients.schemas";
import { parseInput } from "@/platform/validation";
import { toAppError } from "@/platform/errors";

export const metadata = { title: "Clients" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

type ClientListFilters = { q?: string; status?: string; sort?: string; dir?: string };

function listHref(filters: ClientListFilters, change: ClientListFilters): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...change })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `/clients?${text}` : "/clients";
}

/** A column header that sorts the list by it (first ascending), or reverses the order when it already does. */
function SortHeader({ filters, sort, label }: { filters: ClientListFilters; sort: ClientSort; label: string }) {
  const active = (filters.sort ?? "created_at") === sort;
  const dir = filters.dir ?? "desc";
  const nextDir = active ? (dir === "asc" ? "desc" : "asc") : "asc";
  return (
    <th aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link className={active ? "sort active" : "sort"} href={listHref(filters, { sort, dir: nextDir })}>
        {label}
        <span aria-hidden="true">{active ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
      </Link>
    </th>
  );
}

export default async function ClientsPage({ searchParams }: { searchParams: SearchParams }) {
  const tenant = await requireTenant();
  const sp = await searchParams;
  let query: ClientListFilters = { q: first(sp.q), status: first(sp.status), sort: first(sp.sort), dir: first(sp.dir) };
  let position = cursorPosition(sp);
  let page;
  let total;
  let error: string | undefined;
  try {
    const q = parseInput(listClientsQuery, { ...query, cursor: position.cursor });
    [page, total] = await Promise.all([listClients(tenant, q), countClients(tenant, q)]);
  } catch (err) {
    const appError = toAppError(err);
    if (appError?.code !== "validation_failed" && appError?.code !== "bad_request") throw err;
    const details = appError.fieldErrors ? asSentences(Object.values(appError.fieldErrors).flat()) : appError.message;
    error = `That search is not valid (${details}); showing all active clients.`;
    // The form and the pager links show what is listed, not the value that was refused.
    query = {};
    position = { back: [] };
    [page, total] = await Promise.all([listClients(tenant, {}), countClients(tenant, {})]);
  }
  return (
    <>
      <div className="row between">
        <h1>Clients</h1>
        <Link href="/clients/new" className="button">
          New client
        </Link>
      </div>
      {error ? <div className="alert">{error}</div> : null}
      <form className="toolbar" role="search">
        <input
          type="search"
          name="q"
          placeholder="Search by name, email or tax id"
          defaultValue={query.q}
          aria-label="Search clients"
          maxLength={200}
        />
        {query.sort ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir ? <input type="hidden" name="dir" value={query.dir} /> : null}
        <select name="status" defaultValue={query.status ?? "active"} aria-label="Status">
          {CLIENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          Search
        </button>
      </form>
      {page.items.length === 0 ? (
        <div className="panel empty">{query.q ? "No clients match this search." : "No clients here yet."}</div>
      ) : (
        <table className="table-cards">
          <thead>
            <tr>
              <SortHeader filters={query} sort="name" label="Name" />
              <SortHeader filters={query} sort="email" label="Email" />
              <th>Currency</th>
              <th>Tax id</th>
              <SortHeader filters={query} sort="created_at" label="Added" />
            </tr>
          </thead>
          <tbody>
            {page.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/clients/${c.id}`}>{c.name}</Link> {c.archivedAt ? <span className="badge">archived</span> : null}
                </td>
                <td data-label="Email">{c.email ?? ""}</td>
                <td data-label="Currency">{c.currency}</td>
                <td data-label="Tax id">{c.taxId ?? ""}</td>
                <td data-label="Added">{c.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CursorPager
        path="/clients"
        filters={query}
        position={position}
        nextCursor={page.nextCursor}
        shown={page.items.length}
        noun="client"
        total={total}
      />
    </>
  );
}
