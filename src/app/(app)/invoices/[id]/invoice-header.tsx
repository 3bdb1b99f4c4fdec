import type { InvoiceDto } from "@/modules/invoices/invoices.schemas";
import type { InvoiceEmailDraft } from "@/modules/invoices/invoice-email.schemas";
import { formatMoney } from "@/lib/money";
import { daysBetween } from "@/components/invoice-format";
import { InvoiceStatusBadge } from "@/components/invoice-status-badge";
import { InvoiceActions } from "./invoice-actions";

/** "3 days overdue", "due today", "due in 5 days" or, for a draft, that it is not sent yet. */
function DueLine({ invoice, today, canSend }: { invoice: InvoiceDto; today: string; canSend: boolean }) {
  const open = invoice.status === "sent" || invoice.status === "overdue";
  const daysLate = open ? daysBetween(invoice.dueDate, today) : 0;
  return (
    <>
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
      {invoice.status === "draft" ? <> · not sent yet{canSend ? "" : " (an admin sends it)"}</> : null}
    </>
  );
}

/** The page's title: number, status, client, total and how due it is, with the buttons the role and status allow. */
export function InvoiceHeader({
  invoice,
  today,
  canSend,
  canVoid,
  emailDraft,
}: {
  invoice: InvoiceDto;
  today: string;
  canSend: boolean;
  canVoid: boolean;
  emailDraft: InvoiceEmailDraft;
}) {
  return (
    <div className="inv-header">
      <div>
        <h1>
          <span data-testid="invoice-number">{invoice.number ?? "Draft invoice"}</span>
          <InvoiceStatusBadge status={invoice.status} testId="invoice-status" />
        </h1>
        <div className="sub">
          {invoice.clientName} · {formatMoney(invoice.totalMinor, invoice.currency)}
          <DueLine invoice={invoice} today={today} canSend={canSend} />
        </div>
      </div>
      <InvoiceActions
        id={invoice.id}
        label={invoice.number ?? "this draft"}
        allowed={invoice.allowedActions}
        canSend={canSend}
        canVoid={canVoid}
        emailDraft={emailDraft}
        emailable={invoice.status === "sent" || invoice.status === "overdue" || invoice.status === "paid"}
        version={invoice.updatedAt.toISOString()}
      />
    </div>
  );
}
