import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { countClients } from "@/modules/clients/clients.service";
import { getDashboard } from "@/modules/dashboard/dashboard.service";
import { today } from "@/lib/clock";
import { formatMoney } from "@/lib/money";
import { InvoiceStatusBadge } from "@/components/invoice-status-badge";
import { InvoicedPaidChart } from "@/components/charts/invoiced-paid-chart";
import { daysBetween, formatDate } from "@/components/invoice-format";
import "../invoices/invoices.css";
import "./dashboard.css";

export const metadata = { title: "Dashboard" };

interface CurrencyAmount {
  currency: string;
  amountMinor: number;
  count: number;
}

/**
 * The currencies every amount card lists, in one order: the default first, then the others
 * alphabetically. Every card shows all of them (zero where it has none), so the rows line up across cards.
 */
function cardCurrencies(defaultCurrency: string, ...lists: CurrencyAmount[][]): string[] {
  const others = [...new Set(lists.flat().map((a) => a.currency))].filter((c) => c !== defaultCurrency).sort();
  return [defaultCurrency, ...others];
}

/** Amounts per currency, one row per currency of `currencies`. A zero is never coloured (no red for €0.00 overdue). */
function AmountList({
  testId,
  amounts,
  currencies,
  noun,
}: {
  testId: string;
  amounts: CurrencyAmount[];
  currencies: string[];
  noun: "invoice" | "payment";
}) {
  const rows = currencies.map((currency) => amounts.find((a) => a.currency === currency) ?? { currency, amountMinor: 0, count: 0 });
  return (
    <ul className="amounts" data-testid={testId}>
      {rows.map((a) => (
        <li key={a.currency}>
          <span className={a.amountMinor === 0 ? "amount zero" : "amount"} data-testid={`${testId}-${a.currency}`}>
            {formatMoney(a.amountMinor, a.currency)}
          </span>
          <span className="count">{`${a.count} ${noun}${a.count === 1 ? "" : "s"}`}</span>
        </li>
      ))}
    </ul>
  );
}

export default async function DashboardPage() {
  const tenant = await requireTenant();
  const [active, dashboard] = await Promise.all([countClients(tenant, { status: "active" }), getDashboard(tenant)]);
  const day = today();
  const currencies = [...new Set(dashboard.monthly.map((m) => m.currency))];
  const cardRows = cardCurrencies(dashboard.defaultCurrency, dashboard.outstanding, dashboard.overdue, dashboard.paidThisMonth);
  return (
    <>
      <div className="row between">
        <h1 data-testid="workspace-name">{tenant.workspaceName}</h1>
        <Link href="/invoices/new" className="button">
          New invoice
        </Link>
      </div>
      <div className="dash-stats">
        <div className="panel dash-stat">
          <div className="label">Outstanding</div>
          <AmountList testId="outstanding" amounts={dashboard.outstanding} currencies={cardRows} noun="invoice" />
        </div>
        <div className="panel dash-stat overdue">
          <div className="label">Overdue</div>
          <AmountList testId="overdue" amounts={dashboard.overdue} currencies={cardRows} noun="invoice" />
        </div>
        <div className="panel dash-stat paid">
          <div className="label">Paid this month</div>
          <AmountList testId="paid-this-month" amounts={dashboard.paidThisMonth} currencies={cardRows} noun="payment" />
        </div>
        <div className="panel dash-stat">
          <div className="label">Active clients</div>
          <div className="value" data-testid="active-clients">
            {active}
          </div>
          <Link href="/clients" className="hint">
            View clients →
          </Link>
        </div>
      </div>
      <section className="panel dash-chart">
        <InvoicedPaidChart
          months={dashboard.months}
          monthly={dashboard.monthly}
          currencies={currencies}
          initialCurrency={dashboard.defaultCurrency}
        />
      </section>
      <div className="dash-grid">
        <section className="panel">
          <div className="row between">
            <h2>Most overdue</h2>
            <Link href="/invoices?status=overdue&sort=due_date&dir=asc">All overdue →</Link>
          </div>
          {dashboard.mostOverdue.length === 0 ? (
            <p className="muted" data-testid="most-overdue-empty">
              Nothing overdue. Every sent invoice is within its terms.
            </p>
          ) : (
            <table className="table-cards" data-testid="most-overdue">
              <thead>
                <tr>
                  <th>Invoice</th>
                  <th>Client</th>
                  <th>Due</th>
                  <th className="num">Balance due</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.mostOverdue.map((inv) => {
                  const late = daysBetween(inv.dueDate, day);
                  return (
                    <tr key={inv.id}>
                      <td className="nowrap">
                        <Link href={`/invoices/${inv.id}`}>{inv.number ?? "Draft"}</Link> <InvoiceStatusBadge status={inv.status} />
                      </td>
                      <td data-label="Client">{inv.clientName}</td>
                      <td className="nowrap" data-label="Due">
                        {formatDate(inv.dueDate)}
                        <div className="hint text-danger">
                          {late} day{late === 1 ? "" : "s"} late
                        </div>
                      </td>
                      <td className="num" data-label="Balance due">
                        {formatMoney(inv.balanceDueMinor, inv.currency)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section className="panel dash-quick" aria-label="Shortcuts">
          <h2>Shortcuts</h2>
          <Link href="/invoices/new" className="button">
            New invoice
          </Link>
          <Link href="/clients/new" className="button secondary">
            New client
          </Link>
          <Link href="/invoices?status=draft" className="button secondary">
            Drafts
          </Link>
          <Link href="/tax-rates" className="button secondary">
            Tax rates
          </Link>
          <Link href="/invoice-settings" className="button secondary">
            Invoice settings
          </Link>
        </section>
      </div>
    </>
  );
}
