import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { countInvoices, listInvoices } from "@/modules/invoices/invoices.service";
import { clientChoices } from "@/modules/clients/clients.service";
import { INVOICE_STATUSES } from "@/modules/invoices/invoice-lifecycle";
import { formatMoney } from "@/lib/money";
import { toAppError, type FieldErrors } from "@/platform/errors";
import { InvoiceStatusBadge } from "@/components/invoice-status-badge";
import { CursorPager, cursorPosition } from "@/components/cursor-pager";
import {
  exportHref,
  invoiceQueryFromParams,
  listHref,
  validListParamsFrom,
  type InvoiceListParams,
  type SearchParamsRecord,
} from "./list-params";
import { STATUS_LABELS, formatDate } from "@/components/invoice-format";
import "./invoices.css";

export const metadata = { title: "Invoices" };

const COLUMNS: { key: string; label: string; sort?: string; firstDir?: "asc" | "desc"; num?: boolean }[] = [
  { key: "number", label: "Number", sort: "number", firstDir: "desc" },
  { key: "client", label: "Client", sort: "client", firstDir: "asc" },
  { key: "issued", label: "Issued", sort: "issue_date", firstDir: "desc" },
  { key: "due", label: "Due", sort: "due_date", firstDir: "asc" },
  { key: "status", label: "Status", sort: "status", firstDir: "asc" },
  { key: "total", label: "Total", sort: "total", firstDir: "desc", num: true },
  { key: "balance", label: "Balance due", num: true },
];

function SortHeader({ params, column }: { params: InvoiceListParams; column: (typeof COLUMNS)[number] }) {
  if (!column.sort) return <th className={column.num ? "num" : undefined}>{column.label}</th>;
  const currentSort = params.sort ?? "issue_date";
  const currentDir = params.dir ?? "desc";
  const active = currentSort === column.sort;
  const nextDir = active ? (currentDir === "asc" ? "desc" : "asc") : (column.firstDir ?? "asc");
  return (
    <th className={column.num ? "num" : undefined} aria-sort={active ? (currentDir === "asc" ? "ascending" : "descending") : undefined}>
      <Link className={active ? "sort active" : "sort"} href={listHref(params, { sort: column.sort, dir: nextDir })}>
        {column.label}
        <span aria-hidden="true">{active ? (currentDir === "asc" ? "▲" : "▼") : ""}</span>
      </Link>
    </th>
  );
}

/** A filter's messages under its field, each on its own line. */
function FilterError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {messages.map((m, i) => (
        <span key={i}>
          {i > 0 ? <br /> : null}
          {m}
        </span>
      ))}
    </p>
  );
}

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const tenant = await requireTenant();
  const sp = await searchParams;
  // A filter a person typed into the URL that breaks its rule is left out and named, not a failed page.
  const { params, ignored } = validListParamsFrom(sp);
  const clientsPromise = clientChoices(tenant, "all");
  let position = cursorPosition(sp);
  // The page's own default order; the API's is newest first.
  const filters = invoiceQueryFromParams(params);
  const query: Record<string, string> = { sort: "issue_date", dir: "desc", ...filters };
  let page: Awaited<ReturnType<typeof listInvoices>> | undefined;
  let total = 0;
  let error: string | undefined = ignored.length > 0 ? `Some filters were ignored (${ignored.join("; ")}).` : undefined;
  // Filters that break a rule together (a start date after the end date) are shown next to their fields, and no list.
  let filterErrors: FieldErrors | undefined;
  try {
    [page, total] = await Promise.all([listInvoices(tenant, { ...query, cursor: position.cursor }), countInvoices(tenant, query)]);
  } catch (err) {
    const appError = toAppError(err);
    if (appError?.code === "bad_request" && appError.fieldErrors?.cursor) {
      error = "That page link is no longer valid (the order changed or it was edited); showing the first page.";
      position = { back: [] };
      [page, total] = await Promise.all([listInvoices(tenant, query), countInvoices(tenant, query)]);
    } else if (appError?.code === "validation_failed") {
      filterErrors = appError.fieldErrors ?? { _form: [appError.message] };
    } else throw err;
  }
  const clients = await clientsPromise;
  const filtered = params.status.length > 0 || params.clientId || params.issuedFrom || params.issuedTo || params.q;
  return (
    <>
      <div className="row between">
        <h1>Invoices</h1>
        <div className="row">
          <a href={exportHref(params)} className="button secondary" download>
            Export CSV
          </a>
          <Link href="/invoices/new" className="button">
            New invoice
          </Link>
        </div>
      </div>
      {error ? <div className="alert">{error}</div> : null}
      <form className="panel inv-filters" role="search" aria-label="Filter invoices">
        <fieldset>
          <legend>Status</legend>
          {INVOICE_STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" name="status" value={s} defaultChecked={params.status.includes(s)} />
              {STATUS_LABELS[s]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="filter-q">Search</label>
          <input id="filter-q" type="search" name="q" placeholder="Number, client or line" defaultValue={params.q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="filter-client">Client</label>
          <select id="filter-client" name="clientId" defaultValue={params.clientId ?? ""}>
            <option value="">All clients</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.archivedAt ? " (archived)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">Issued from</label>
          <input
            id="filter-from"
            type="date"
            name="issuedFrom"
            defaultValue={params.issuedFrom}
            aria-invalid={filterErrors?.issuedFrom ? true : undefined}
            aria-describedby={filterErrors?.issuedFrom ? "filter-from-error" : undefined}
          />
          <FilterError id="filter-from-error" messages={filterErrors?.issuedFrom} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">Issued to</label>
          <input
            id="filter-to"
            type="date"
            name="issuedTo"
            defaultValue={params.issuedTo}
            aria-invalid={filterErrors?.issuedTo ? true : undefined}
            aria-describedby={filterErrors?.issuedTo ? "filter-to-error" : undefined}
          />
          <FilterError id="filter-to-error" messages={filterErrors?.issuedTo} />
        </div>
        {params.sort ? <input type="hidden" name="sort" value={params.sort} /> : null}
        {params.dir ? <input type="hidden" name="dir" value={params.dir} /> : null}
        <div className="actions">
          <button type="submit">Apply filters</button>
          {filtered ? <Link href="/invoices">Clear</Link> : null}
        </div>
      </form>
      {!page ? (
        <div className="panel empty" data-testid="invoices-empty">
          {Object.entries(filterErrors ?? {})
            .filter(([field]) => field !== "issuedFrom" && field !== "issuedTo")
            .flatMap(([, messages]) => messages)
            .map((m) => (
              <p key={m}>{m}</p>
            ))}
          Correct the filters above to see invoices.
        </div>
      ) : page.items.length === 0 ? (
        <div className="panel empty" data-testid="invoices-empty">
          {position.cursor && total > 0 ? (
            <>
              This page is empty: the list has {total} invoice{total === 1 ? "" : "s"} before it.{" "}
              <Link href={listHref(params)}>Go to the first page</Link>.
            </>
          ) : filtered ? (
            "No invoices match these filters."
          ) : (
            <>
              No invoices yet. <Link href="/invoices/new">Create your first invoice</Link>.
            </>
          )}
        </div>
      ) : (
        <table className="inv-list table-cards" data-testid="invoices">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <SortHeader key={c.key} params={params} column={c} />
              ))}
            </tr>
          </thead>
          <tbody>
            {page.items.map((inv) => (
              <tr key={inv.id} className={inv.status === "overdue" ? "row-overdue" : undefined} data-status={inv.status}>
                <td>
                  <Link href={`/invoices/${inv.id}`}>{inv.number ?? <em>Draft</em>}</Link>
                </td>
                <td data-label="Client">{inv.clientName}</td>
                <td className="nowrap" data-label="Issued">
                  {formatDate(inv.issueDate)}
                </td>
                <td className="nowrap" data-label="Due">
                  {formatDate(inv.dueDate)}
                </td>
                <td data-label="Status">
                  <InvoiceStatusBadge status={inv.status} />
                </td>
                <td className="num" data-label="Total">
                  {formatMoney(inv.totalMinor, inv.currency)}
                </td>
                <td className="num" data-label="Balance due">
                  {formatMoney(inv.balanceDueMinor, inv.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page ? (
        <CursorPager
          path="/invoices"
          filters={filters}
          position={position}
          nextCursor={page.nextCursor}
          shown={page.items.length}
          total={total}
          noun="invoice"
        />
      ) : null}
    </>
  );
}
