import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { can } from "@/platform/permissions";
import { getInvoice } from "@/modules/invoices/invoices.service";
import { today } from "@/lib/clock";
import { listPayments } from "@/modules/payments/payments.service";
import { getClient } from "@/modules/clients/clients.service";
import { getInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import { currencyExponent, formatDecimal, formatMoney, toDecimalString } from "@/lib/money";
import { notFoundOnMissing } from "@/app/not-found-on-missing";
import { InvoiceStatusBadge } from "@/components/invoice-status-badge";
import { InvoiceActions } from "./invoice-actions";
import { DeletePaymentButton, RecordPaymentForm } from "./payments";
import { daysBetween, discountLabel, formatDate, formatRate, paymentMethodLabel, taxLabel } from "@/components/invoice-format";
import "../invoices.css";

export const metadata = { title: "Invoice" };

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const tenant = await requireTenant();
  const invoice = await notFoundOnMissing(getInvoice(tenant, id));
  const [payments, client, settings] = await Promise.all([
    listPayments(tenant, invoice.id),
    getClient(tenant, invoice.clientId),
    getInvoiceSettings(tenant),
  ]);
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const day = today();
  const isDraft = invoice.status === "draft";
  const open = invoice.status === "sent" || invoice.status === "overdue";
  const daysLate = open ? daysBetween(invoice.dueDate, day) : 0;
  const paidShare = invoice.totalMinor > 0 ? Math.min(100, Math.round((invoice.amountPaidMinor / invoice.totalMinor) * 100)) : 0;
  const canRecord = can(tenant.role, "payment.record") && invoice.allowedActions.includes("record_payment");
  const canDeletePayment = can(tenant.role, "payment.delete");
  const hasLineDiscounts = invoice.lines.some((l) => l.discount !== null);
  return (
    <>
      <div className="inv-header">
        <div>
          <h1>
            <span data-testid="invoice-number">{invoice.number ?? "Draft invoice"}</span>
            <InvoiceStatusBadge status={invoice.status} testId="invoice-status" />
          </h1>
          <div className="sub">
            {invoice.clientName} · {money(invoice.totalMinor)}
            {open && daysLate > 0 ? (
              <>
                {" "}
                ·{" "}
                <strong style={{ color: "var(--danger)" }}>
                  {daysLate} day{daysLate === 1 ? "" : "s"} overdue
                </strong>
              </>
            ) : null}
            {open && daysLate <= 0 ? <> · due {daysLate === 0 ? "today" : `in ${-daysLate} day${daysLate === -1 ? "" : "s"}`}</> : null}
            {isDraft ? <> · not sent yet{can(tenant.role, "invoice.send") ? "" : " (an admin sends it)"}</> : null}
          </div>
        </div>
        <InvoiceActions
          id={invoice.id}
          label={invoice.number ?? "this draft"}
          allowed={invoice.allowedActions}
          canSend={can(tenant.role, "invoice.send")}
          canVoid={can(tenant.role, "invoice.void")}
        />
      </div>

      <article className="panel invoice-doc" aria-label="Invoice">
        <div className="doc-head">
          <div className="party">
            <div className="name">{settings.senderLegalName ?? tenant.workspaceName}</div>
            {settings.senderAddress ? <div className="addr">{settings.senderAddress}</div> : null}
            {settings.senderTaxId ? <div className="addr">Tax ID: {settings.senderTaxId}</div> : null}
          </div>
          <div style={{ textAlign: "right" }}>
            <p className="doc-title">INVOICE</p>
            <div className="doc-number">{invoice.number ?? "Draft — numbered when sent"}</div>
          </div>
        </div>
        <div className="parties">
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
          <dl className="meta">
            <dt>Issue date</dt>
            <dd data-testid="issue-date">{formatDate(invoice.issueDate)}</dd>
            <dt>Due date</dt>
            <dd data-testid="due-date">{formatDate(invoice.dueDate)}</dd>
            <dt>Currency</dt>
            <dd>{invoice.currency}</dd>
            {invoice.sentAt ? (
              <>
                <dt>Sent</dt>
                <dd>{formatDate(invoice.sentAt.toISOString().slice(0, 10))}</dd>
              </>
            ) : null}
            {invoice.paidAt ? (
              <>
                <dt>Paid</dt>
                <dd>{formatDate(invoice.paidAt.toISOString().slice(0, 10))}</dd>
              </>
            ) : null}
            {invoice.voidedAt ? (
              <>
                <dt>Voided</dt>
                <dd>{formatDate(invoice.voidedAt.toISOString().slice(0, 10))}</dd>
              </>
            ) : null}
          </dl>
        </div>

        <table className="doc-lines" data-testid="invoice-lines">
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
                <td className="num">{formatDecimal(l.quantityMilli, 3)}</td>
                <td className="num">{money(l.unitPriceMinor)}</td>
                <td>{l.taxRateName !== null ? taxLabel(l.taxRateName, l.taxRateMilliPercent) : <span className="muted">—</span>}</td>
                {hasLineDiscounts ? <td className="num">{l.discount ? discountLabel(l.discount, invoice.currency) : ""}</td> : null}
                <td className="num">{money(l.netMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <div className="doc-bottom">
          <div className="notes">
            {invoice.notes ? (
              <>
                <h3>Notes</h3>
                <p>{invoice.notes}</p>
              </>
            ) : null}
          </div>
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
        </div>
      </article>

      {invoice.status !== "draft" ? (
        <div className="inv-side">
          <section className="panel" aria-label="Payments">
            <h2>Payments</h2>
            {invoice.status !== "void" ? (
              <>
                <div className="progress" aria-hidden="true">
                  <span style={{ width: `${paidShare}%` }} />
                </div>
                <p className="hint" style={{ marginTop: 0 }}>
                  {money(invoice.amountPaidMinor)} of {money(invoice.totalMinor)} paid ({paidShare}%)
                </p>
              </>
            ) : null}
            {payments.length === 0 ? (
              <p className="muted">No payments recorded.</p>
            ) : (
              <table className="payments-table" data-testid="payments">
                <thead>
                  <tr>
                    <th>Date</th>
                    <th>Method</th>
                    <th>Reference</th>
                    <th className="num">Amount</th>
                    {canDeletePayment ? <th /> : null}
                  </tr>
                </thead>
                <tbody>
                  {payments.map((p) => (
                    <tr key={p.id}>
                      <td className="nowrap">{formatDate(p.paidOn)}</td>
                      <td>{paymentMethodLabel(p.method)}</td>
                      <td>{p.reference ?? <span className="muted">—</span>}</td>
                      <td className="num">{money(p.amountMinor)}</td>
                      {canDeletePayment ? (
                        <td className="num">
                          <DeletePaymentButton
                            invoiceId={invoice.id}
                            paymentId={p.id}
                            description={`${money(p.amountMinor)} on ${formatDate(p.paidOn)}`}
                          />
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {canRecord ? (
            <RecordPaymentForm
              invoiceId={invoice.id}
              balance={toDecimalString(invoice.balanceDueMinor, currencyExponent(invoice.currency))}
              today={day}
              currency={invoice.currency}
            />
          ) : (
            <div />
          )}
        </div>
      ) : null}

      <p>
        <Link href="/invoices">← All invoices</Link>
        {invoice.duplicatedFromId ? (
          <>
            {" · "}
            <Link href={`/invoices/${invoice.duplicatedFromId}`}>Duplicated from another invoice</Link>
          </>
        ) : null}
      </p>
    </>
  );
}
