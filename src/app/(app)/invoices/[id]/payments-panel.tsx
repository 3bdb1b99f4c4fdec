import type { InvoiceDto } from "@/modules/invoices/invoices.schemas";
import type { PaymentDto } from "@/modules/payments/payments.schemas";
import { currencyExponent, formatMoney, toDecimalString } from "@/lib/money";
import { formatDate, paymentMethodLabel } from "@/components/invoice-format";
import { DeletePaymentButton, RecordPaymentForm } from "./payments";

function PaidProgress({ invoice }: { invoice: InvoiceDto }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const paidShare = invoice.totalMinor > 0 ? Math.min(100, Math.round((invoice.amountPaidMinor / invoice.totalMinor) * 100)) : 0;
  return (
    <>
      <div className="progress" aria-hidden="true">
        <span style={{ width: `${paidShare}%` }} />
      </div>
      <p className="hint" style={{ marginTop: 0 }}>
        {money(invoice.amountPaidMinor)} of {money(invoice.totalMinor)} paid ({paidShare}%)
      </p>
    </>
  );
}

function PaymentsTable({ invoice, payments, canDelete }: { invoice: InvoiceDto; payments: PaymentDto[]; canDelete: boolean }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return (
    <table className="payments-table table-cards" data-testid="payments">
      <thead>
        <tr>
          <th>Date</th>
          <th>Method</th>
          <th>Reference</th>
          <th className="num">Amount</th>
          {canDelete ? <th /> : null}
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.id}>
            <td className="nowrap">{formatDate(p.paidOn)}</td>
            <td data-label="Method">{paymentMethodLabel(p.method)}</td>
            <td data-label="Reference">{p.reference ?? <span className="muted">—</span>}</td>
            <td className="num" data-label="Amount">
              {money(p.amountMinor)}
            </td>
            {canDelete ? (
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
  );
}

/** The payments of a sent invoice and, when the role and status allow, the form to record one more. */
export function PaymentsPanel({
  invoice,
  payments,
  today,
  canRecord,
  canDelete,
}: {
  invoice: InvoiceDto;
  payments: PaymentDto[];
  today: string;
  canRecord: boolean;
  canDelete: boolean;
}) {
  return (
    <div className="inv-side">
      <section className="panel" aria-label="Payments">
        <h2>Payments</h2>
        {invoice.status !== "void" ? <PaidProgress invoice={invoice} /> : null}
        {payments.length === 0 ? (
          <p className="muted">No payments recorded.</p>
        ) : (
          <PaymentsTable invoice={invoice} payments={payments} canDelete={canDelete} />
        )}
      </section>
      {canRecord ? (
        <RecordPaymentForm
          invoiceId={invoice.id}
          balance={toDecimalString(invoice.balanceDueMinor, currencyExponent(invoice.currency))}
          today={today}
          currency={invoice.currency}
          version={invoice.updatedAt.toISOString()}
        />
      ) : (
        <div />
      )}
    </div>
  );
}
