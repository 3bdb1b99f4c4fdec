import type { InvoiceDeliveryDto } from "@/modules/invoices/invoice-email.schemas";
import { ResendButton } from "./resend-button";

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";

function Status({ d }: { d: InvoiceDeliveryDto }) {
  if (d.status === "sent")
    return (
      <span className="status-badge status-paid" data-delivery-status="sent">
        sent
      </span>
    );
  if (d.status === "queued")
    return (
      <>
        <span className="status-badge status-sent" data-delivery-status="queued">
          queued
        </span>
        {d.lastError ? (
          <div className="hint">
            Attempt {d.attempts} failed: {d.lastError}; retrying.
          </div>
        ) : null}
      </>
    );
  return (
    <>
      <span className="status-badge status-overdue" data-delivery-status="failed">
        failed
      </span>
      <div className="field-error">
        {d.lastError ?? "Unknown error"} (after {d.attempts} attempt{d.attempts === 1 ? "" : "s"})
      </div>
    </>
  );
}

/** The invoice's emails, newest first: when, to whom, status (with the reason of a failure), and Resend. */
export function DeliveriesPanel({
  invoiceId,
  deliveries,
  canResend,
}: {
  invoiceId: string;
  deliveries: InvoiceDeliveryDto[];
  canResend: boolean;
}) {
  return (
    <section className="panel" aria-label="Emails">
      <h2>Emails</h2>
      {deliveries.length === 0 ? (
        <p className="muted">Not emailed yet.</p>
      ) : (
        <table className="payments-table" data-testid="deliveries">
          <thead>
            <tr>
              <th>Queued</th>
              <th>To</th>
              <th>Subject</th>
              <th>Status</th>
              {canResend ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td className="nowrap">
                  {when(d.createdAt)}
                  <div className="hint">by {d.createdByLabel}</div>
                </td>
                <td>
                  {d.to.join(", ")}
                  {d.cc.length > 0 ? <div className="hint">Cc: {d.cc.join(", ")}</div> : null}
                </td>
                <td>
                  {d.subject}
                  {d.attachPdf ? <div className="hint">PDF attached</div> : null}
                </td>
                <td>
                  <Status d={d} />
                  {d.sentAt ? <div className="hint">{when(d.sentAt)}</div> : null}
                </td>
                {canResend ? (
                  <td className="num">
                    <ResendButton invoiceId={invoiceId} deliveryId={d.id} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
