import Link from "next/link";
import type { InvoiceDto } from "@/modules/invoices/invoices.schemas";
import type { ClientDto } from "@/modules/clients/clients.schemas";
import type { InvoiceSettingsDto } from "@/modules/invoice-settings/invoice-settings.schemas";
import { formatDecimal, formatMoney } from "@/lib/money";
import { discountLabel, formatDate, formatRate, taxLabel } from "@/components/invoice-format";

/** The sender (from the invoice settings, else the workspace's name) and the document's title and number. */
function DocumentHead({ invoice, settings, workspaceName }: { invoice: InvoiceDto; settings: InvoiceSettingsDto; workspaceName: string }) {
  return (
    <div className="doc-head">
      <div className="party">
        <div className="name">{settings.senderLegalName ?? workspaceName}</div>
        {settings.senderAddress ? <div className="addr">{settings.senderAddress}</div> : null}
        {settings.senderTaxId ? <div className="addr">Tax ID: {settings.senderTaxId}</div> : null}
      </div>
      <div style={{ textAlign: "right" }}>
        <p className="doc-title">INVOICE</p>
        <div className="doc-number">{invoice.number ?? "Draft — numbered when sent"}</div>
      </div>
    </div>
  );
}

function BillTo({ client }: { client: ClientDto }) {
  return (
    <div className="party">
      <h3>Bill to</h3>
      <div className="name">
        <Link href={`/clients/${client.id}`} data-testid="invoice-client">
          {client.name}
        </Link>
      </div>
      {client.email ? <div className="addr">{client.email}</div> : null}
      {client.billingAddress ? <div className="addr">{client.billingAddress}</div> : null}
      {client.taxId ? <div className="addr">Tax ID: {client.taxId}</div> : null}
    </div>
  );
}

/** A lifecycle moment (sent, paid, voided) as a date, when it happened. */
function Moment({ term, at }: { term: string; at: Date | null }) {
  return at ? (
    <>
      <dt>{term}</dt>
      <dd>{formatDate(at.toISOString().slice(0, 10))}</dd>
    </>
  ) : null;
}

function Dates({ invoice }: { invoice: InvoiceDto }) {
  return (
    <dl className="meta">
      <dt>Issue date</dt>
      <dd data-testid="issue-date">{formatDate(invoice.issueDate)}</dd>
      <dt>Due date</dt>
      <dd data-testid="due-date">{formatDate(invoice.dueDate)}</dd>
      <dt>Currency</dt>
      <dd>{invoice.currency}</dd>
      <Moment term="Sent" at={invoice.sentAt} />
      <Moment term="Paid" at={invoice.paidAt} />
      <Moment term="Voided" at={invoice.voidedAt} />
    </dl>
  );
}

/** The lines as printed; the discount column only when some line has a discount. */
function DocumentLines({ invoice }: { invoice: InvoiceDto }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const hasLineDiscounts = invoice.lines.some((l) => l.discount !== null);
  return (
    <table className="doc-lines table-cards" data-testid="invoice-lines">
      <thead>
        <tr>
          <th>Description</th>
          <th className="num">Qty</th>
          <th className="num">Unit price</th>
          <th>Tax</th>
          {hasLineDiscounts ? <th className="num">Discount</th> : null}
          <th className="num">Amount</th>
        </tr>
      </thead>
      <tbody>
        {invoice.lines.length === 0 ? (
          <tr>
            <td colSpan={hasLineDiscounts ? 6 : 5} className="empty">
              No lines yet.{invoice.allowedActions.includes("edit") ? " Edit the draft to add some." : ""}
            </td>
          </tr>
        ) : null}
        {invoice.lines.map((l) => (
          <tr key={l.id}>
            <td className="desc">{l.description}</td>
            <td className="num" data-label="Qty">
              {formatDecimal(l.quantityMilli, 3)}
            </td>
            <td className="num" data-label="Unit price">
              {money(l.unitPriceMinor)}
            </td>
            <td data-label="Tax">
              {l.taxRateName !== null ? taxLabel(l.taxRateName, l.taxRateMilliPercent) : <span className="muted">—</span>}
            </td>
            {hasLineDiscounts ? (
              <td className="num" data-label="Discount">
                {l.discount ? discountLabel(l.discount, invoice.currency) : ""}
              </td>
            ) : null}
            <td className="num" data-label="Amount">
              {money(l.netMinor)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Subtotal, discount, each tax, total, paid and balance, as the server computed them. */
function DocumentTotals({ invoice }: { invoice: InvoiceDto }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return (
    <table className="inv-totals" aria-label="Totals">
      <tbody>
        <tr>
          <th scope="row">Subtotal</th>
          <td className="num" data-testid="invoice-subtotal">
            {money(invoice.subtotalMinor)}
          </td>
        </tr>
        {invoice.discountMinor > 0 || invoice.discount ? (
          <tr>
            <th scope="row">
              Discount{invoice.discount?.kind === "percent" ? ` (${discountLabel(invoice.discount, invoice.currency)})` : ""}
            </th>
            <td className="num">−{money(invoice.discountMinor)}</td>
          </tr>
        ) : null}
        {invoice.taxes.map((t) => (
          <tr key={t.taxRateId}>
            <th scope="row">
              {t.name ? taxLabel(t.name, t.rateMilliPercent) : `Tax ${formatRate(t.rateMilliPercent)}`}
              <span className="sub">on {money(t.taxableMinor)}</span>
            </th>
            <td className="num">{money(t.taxMinor)}</td>
          </tr>
        ))}
        {invoice.taxes.length === 0 ? (
          <tr>
            <th scope="row">Tax</th>
            <td className="num">{money(invoice.taxMinor)}</td>
          </tr>
        ) : null}
        <tr className="grand">
          <th scope="row">Total</th>
          <td className="num" data-testid="invoice-total">
            {money(invoice.totalMinor)}
          </td>
        </tr>
        <tr>
          <th scope="row">Amount paid</th>
          <td className="num" data-testid="amount-paid">
            {money(invoice.amountPaidMinor)}
          </td>
        </tr>
        <tr className="balance">
          <th scope="row">Balance due</th>
          <td className="num" data-testid="balance-due">
            {money(invoice.balanceDueMinor)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** The invoice as the client will see it: sender, client, dates, lines, notes and totals. */
export function InvoiceDocument({
  invoice,
  client,
  settings,
  workspaceName,
}: {
  invoice: InvoiceDto;
  client: ClientDto;
  settings: InvoiceSettingsDto;
  workspaceName: string;
}) {
  return (
    <article className="panel invoice-doc max-sm:p-4" aria-label="Invoice">
      <DocumentHead invoice={invoice} settings={settings} workspaceName={workspaceName} />
      <div className="parties">
        <BillTo client={client} />
        <Dates invoice={invoice} />
      </div>
      <DocumentLines invoice={invoice} />
      <div className="doc-bottom">
        <div className="notes">
          {invoice.notes ? (
            <>
              <h3>Notes</h3>
              <p>{invoice.notes}</p>
            </>
          ) : null}
        </div>
        <DocumentTotals invoice={invoice} />
      </div>
    </article>
  );
}
