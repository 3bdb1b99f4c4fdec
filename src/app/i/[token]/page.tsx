import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { viewPublicInvoice, type PublicInvoiceView } from "@/modules/invoices/invoices.service";
import { formatIban } from "@/modules/invoice-settings/payment-instructions";
import { formatDecimal, formatMoney } from "@/lib/money";
import { discountLabel, formatDate, formatRate, STATUS_LABELS, taxLabel } from "@/components/invoice-format";
import "./public-invoice.css";

/*
 * The page a client opens from an invoice link, outside the signed-in layout: the invoice, its sender
 * and client, and how to pay — nothing else of the workspace. The Node server has already counted the
 * request against the client address's budget and answered every link that opens nothing with the
 * one 404 (src/http/public-invoice-gate.ts); the proxy adds noindex, no-referrer and no-store.
 */
export const metadata: Metadata = {
  title: "Invoice",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};
export const dynamic = "force-dynamic";

function Lines({ invoice }: { invoice: PublicInvoiceView["invoice"] }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return (
    <ul className="pi-lines" data-testid="public-invoice-lines">
      {invoice.lines.map((l) => (
        <li key={l.id}>
          <span className="pi-desc">{l.description}</span>
          <span className="pi-calc">
            {formatDecimal(l.quantityMilli, 3)} × {money(l.unitPriceMinor)}
            {l.taxRateName !== null ? ` · ${taxLabel(l.taxRateName, l.taxRateMilliPercent)}` : ""}
            {l.discount ? ` · discount ${discountLabel(l.discount, invoice.currency)}` : ""}
          </span>
          <span className="pi-amount">{money(l.netMinor)}</span>
        </li>
      ))}
    </ul>
  );
}

function Row({ term, value, strong, testId }: { term: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <div className={strong ? "pi-row pi-strong" : "pi-row"}>
      <dt>{term}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function Totals({ invoice }: { invoice: PublicInvoiceView["invoice"] }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return (
    <dl className="pi-totals" aria-label="Totals">
      <Row term="Subtotal" value={money(invoice.subtotalMinor)} />
      {invoice.discountMinor > 0 ? <Row term="Discount" value={`−${money(invoice.discountMinor)}`} /> : null}
      {invoice.taxes.map((t) => (
        <Row
          key={t.taxRateId}
          term={`${t.name ? taxLabel(t.name, t.rateMilliPercent) : `Tax ${formatRate(t.rateMilliPercent)}`} on ${money(t.taxableMinor)}`}
          value={money(t.taxMinor)}
        />
      ))}
      {invoice.taxes.length === 0 ? <Row term="Tax" value={money(invoice.taxMinor)} /> : null}
      <Row term="Total" value={money(invoice.totalMinor)} strong testId="public-invoice-total" />
      <Row term="Amount paid" value={money(invoice.amountPaidMinor)} />
      <Row term="Balance due" value={money(invoice.balanceDueMinor)} strong testId="public-balance-due" />
    </dl>
  );
}

function HowToPay({ payment }: { payment: PublicInvoiceView["payment"] }) {
  if (!payment.text) return null;
  const bank = payment.bankAccountHolder || payment.bankIban || payment.bankBic;
  return (
    <section className="pi-section" data-testid="public-payment-instructions">
      <h2>How to pay</h2>
      {bank ? (
        <dl className="pi-bank">
          {payment.bankAccountHolder ? (
            <>
              <dt>Account holder</dt>
              <dd>{payment.bankAccountHolder}</dd>
            </>
          ) : null}
          {payment.bankIban ? (
            <>
              <dt>IBAN</dt>
              <dd className="pi-code">{formatIban(payment.bankIban)}</dd>
            </>
          ) : null}
          {payment.bankBic ? (
            <>
              <dt>BIC/SWIFT</dt>
              <dd className="pi-code">{payment.bankBic}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {payment.paymentInstructions ? <p className="pi-text">{payment.paymentInstructions}</p> : null}
      {payment.paymentUrl ? (
        <p>
          <a href={payment.paymentUrl} rel="noopener noreferrer" className="pi-pay">
            Pay online
          </a>
        </p>
      ) : null}
    </section>
  );
}

export default async function PublicInvoicePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await viewPublicInvoice(token);
  if (!view) notFound();
  const { invoice, sender, client, payment } = view;
  return (
    <div className="pi-page">
      <header className="pi-head">
        <div>
          <p className="pi-sender" data-testid="public-invoice-sender">
            {sender.name}
          </p>
          {sender.address ? <p className="pi-text pi-muted">{sender.address}</p> : null}
          {sender.taxId ? <p className="pi-muted">Tax ID: {sender.taxId}</p> : null}
        </div>
        <div className="pi-title">
          <h1>Invoice {invoice.number}</h1>
          <span className={`pi-status pi-status-${invoice.status}`} data-testid="public-invoice-status">
            {STATUS_LABELS[invoice.status]}
          </span>
        </div>
      </header>
      <section className="pi-section pi-meta">
        <div>
          <h2>Bill to</h2>
          <p className="pi-strong">{client.name}</p>
          {client.email ? <p className="pi-muted">{client.email}</p> : null}
          {client.billingAddress ? <p className="pi-text pi-muted">{client.billingAddress}</p> : null}
          {client.taxId ? <p className="pi-muted">Tax ID: {client.taxId}</p> : null}
        </div>
        <dl>
          <dt>Issue date</dt>
          <dd>{formatDate(invoice.issueDate)}</dd>
          <dt>Due date</dt>
          <dd>{formatDate(invoice.dueDate)}</dd>
          <dt>Currency</dt>
          <dd>{invoice.currency}</dd>
        </dl>
      </section>
      <section className="pi-section">
        <Lines invoice={invoice} />
        <Totals invoice={invoice} />
      </section>
      <HowToPay payment={payment} />
      {invoice.notes ? (
        <section className="pi-section">
          <h2>Notes</h2>
          <p className="pi-text">{invoice.notes}</p>
        </section>
      ) : null}
      <p className="pi-actions">
        <a href={`/i/${token}/pdf`} className="pi-pdf" download>
          Download PDF
        </a>
      </p>
    </div>
  );
}
