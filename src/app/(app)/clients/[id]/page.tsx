import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { can } from "@/platform/permissions";
import { getClient } from "@/modules/clients/clients.service";
import { hereOrElsewhere, InOtherWorkspace } from "../../in-other-workspace";
import { clientBalances, listInvoices } from "@/modules/invoices/invoices.service";
import { formatMoney } from "@/lib/money";
import { toAppError } from "@/platform/errors";
import { CursorPager, cursorPosition, type CursorPosition } from "@/components/cursor-pager";
import { InvoiceStatusBadge } from "@/components/invoice-status-badge";
import { formatDate } from "@/components/invoice-format";
import { ClientActions } from "./client-actions";

export const metadata = { title: "Client" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ClientPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const tenant = await requireTenant();
  const here = await hereOrElsewhere(tenant, (ctx) => getClient(ctx, id));
  if (here.elsewhere) return <InOtherWorkspace noun="client" workspace={here.elsewhere} path={`/clients/${id}`} />;
  const client = here.found;
  let position: CursorPosition = cursorPosition(await searchParams);
  const query = { clientId: client.id, sort: "issue_date", dir: "desc", limit: 10 } as const;
  let invoicesPage;
  try {
    invoicesPage = await listInvoices(tenant, { ...query, cursor: position.cursor });
  } catch (err) {
    if (toAppError(err)?.code !== "bad_request") throw err;
    // An edited page link: the first page instead.
    position = { back: [] };
    invoicesPage = await listInvoices(tenant, query);
  }
  const balances = await clientBalances(tenant, client.id);
  return (
    <>
      <div className="row between">
        <h1>
          {client.name} {client.archivedAt ? <span className="badge">archived</span> : null}
        </h1>
        <div className="row">
          {client.archivedAt ? null : (
            <Link href={`/invoices/new?clientId=${client.id}`} className="button">
              New invoice
            </Link>
          )}
          <Link href={`/clients/${client.id}/edit`} className="button secondary">
            Edit
          </Link>
          <ClientActions
            id={client.id}
            name={client.name}
            archived={client.archivedAt !== null}
            canDelete={can(tenant.role, "client.delete")}
          />
        </div>
      </div>
      <div className="panel">
        <dl className="details">
          <dt>Email</dt>
          <dd>{client.email ?? "—"}</dd>
          <dt>Billing address</dt>
          <dd>{client.billingAddress ?? "—"}</dd>
          <dt>Tax id</dt>
          <dd>{client.taxId ?? "—"}</dd>
          <dt>Default currency</dt>
          <dd>{client.currency}</dd>
          <dt>Notes</dt>
          <dd>{client.notes ?? "—"}</dd>
          <dt>Added</dt>
          <dd>{client.createdAt.toISOString().slice(0, 10)}</dd>
        </dl>
      </div>
      <section aria-labelledby="client-owes">
        <h2 id="client-owes">What they owe</h2>
        {balances.length === 0 ? (
          <div className="panel empty">Nothing owed: no open invoices.</div>
        ) : (
          <table className="table-cards">
            <thead>
              <tr>
                <th>Currency</th>
                <th className="num">Balance due</th>
                <th className="num">Overdue</th>
              </tr>
            </thead>
            <tbody>
              {balances.map((b) => (
                <tr key={b.currency}>
                  <td data-label="Currency">{b.currency}</td>
                  <td className="num" data-label="Balance due">
                    {formatMoney(b.balanceDueMinor, b.currency)}{" "}
                    <span className="hint">
                      ({b.openCount} open invoice{b.openCount === 1 ? "" : "s"})
                    </span>
                  </td>
                  <td className="num" data-label="Overdue">
                    {b.overdueCount > 0 ? (
                      <>
                        {formatMoney(b.overdueMinor, b.currency)}{" "}
                        <span className="hint">
                          ({b.overdueCount} invoice{b.overdueCount === 1 ? "" : "s"})
                        </span>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="client-invoices">
        <h2 id="client-invoices">Invoices</h2>
        {invoicesPage.items.length === 0 ? (
          <div className="panel empty">No invoices for this client yet.</div>
        ) : (
          <table className="table-cards">
            <thead>
              <tr>
                <th>Number</th>
                <th>Issued</th>
                <th>Due</th>
                <th>Status</th>
                <th className="num">Total</th>
                <th className="num">Balance due</th>
              </tr>
            </thead>
            <tbody>
              {invoicesPage.items.map((inv) => (
                <tr key={inv.id}>
                  <td>
                    <Link href={`/invoices/${inv.id}`}>{inv.number ?? "Draft"}</Link>
                  </td>
                  <td data-label="Issued">{formatDate(inv.issueDate)}</td>
                  <td data-label="Due">{formatDate(inv.dueDate)}</td>
                  <td data-label="Status">
                    <InvoiceStatusBadge status={inv.status} />
                  </td>
                  <td className="num" data-label="Total">
                    {formatMoney(inv.totalMinor, inv.currency)}
                  </td>
                  <td className="num" data-label="Balance due">
                    {inv.balanceDueMinor > 0 ? formatMoney(inv.balanceDueMinor, inv.currency) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <CursorPager
          path={`/clients/${client.id}`}
          filters={{}}
          position={position}
          nextCursor={invoicesPage.nextCursor}
          shown={invoicesPage.items.length}
          noun="invoice"
        />
      </section>
      <p>
        <Link href="/clients">← All clients</Link>
      </p>
    </>
  );
}
