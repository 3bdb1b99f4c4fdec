import { asSentences } from "@/components/field";
import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { countClients, listClients } from "@/modules/clients/clients.service";
import { CursorPager, cursorPosition } from "@/components/cursor-pager";
import { CLIENT_STATUSES, listClientsQuery } from "@/modules/clients/clients.schemas";
import { parseInput } from "@/platform/validation";
import { toAppError } from "@/platform/errors";

export const metadata = { title: "Clients" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default async function ClientsPage({ searchParams }: { searchParams: SearchParams }) {
  const tenant = await requireTenant();
  const sp = await searchParams;
  let query: { q?: string; status?: string } = { q: first(sp.q), status: first(sp.status) };
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
          placeholder="Search by name or email"
          defaultValue={query.q}
          aria-label="Search clients"
          maxLength={200}
        />
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
              <th>Name</th>
              <th>Email</th>
              <th>Currency</th>
              <th>Tax id</th>
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
