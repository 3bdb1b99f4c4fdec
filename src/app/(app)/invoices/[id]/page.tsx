import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { can } from "@/platform/permissions";
import { getInvoiceView } from "@/modules/invoices/invoice-view";
import { today } from "@/lib/clock";
import { getInvoice } from "@/modules/invoices/invoices.service";
import { hereOrElsewhere, InOtherWorkspace } from "../../in-other-workspace";
import { InvoiceHeader } from "./invoice-header";
import { InvoiceDocument } from "./invoice-document";
import { PaymentsPanel } from "./payments-panel";
import { PublicLinkPanel } from "./public-link-panel";
import { DeliveriesPanel } from "./deliveries-panel";
import { RemindersPanel } from "./reminders-panel";
import { EinvoicePanel } from "./einvoice-panel";
import { getEinvoiceReadiness } from "@/modules/einvoice/einvoice.service";
import "../invoices.css";

export const metadata = { title: "Invoice" };

/** One invoice: everything shown is read in one tenant transaction (getInvoiceView). */
export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const tenant = await requireTenant();
  const here = await hereOrElsewhere(
    tenant,
    (ctx) => getInvoiceView(ctx, id),
    (ctx) => getInvoice(ctx, id),
  );
  if (here.elsewhere) return <InOtherWorkspace noun="invoice" workspace={here.elsewhere} path={`/invoices/${id}`} />;
  const { invoice, client, settings, payments, link, deliveries, emailDraft, reminders } = here.found;
  const day = today();
  const readiness = invoice.status === "void" ? null : await getEinvoiceReadiness(tenant, invoice.id);
  return (
    <>
      <InvoiceHeader
        invoice={invoice}
        today={day}
        canSend={can(tenant.role, "invoice.send")}
        canVoid={can(tenant.role, "invoice.void")}
        emailDraft={emailDraft}
      />
      <InvoiceDocument invoice={invoice} client={client} settings={settings} workspaceName={tenant.workspaceName} />
      {readiness ? <EinvoicePanel invoiceId={invoice.id} clientId={invoice.clientId} readiness={readiness} /> : null}
      {invoice.status !== "draft" ? (
        <PublicLinkPanel
          id={invoice.id}
          url={link.url}
          firstViewedAt={link.firstViewedAt}
          lastViewedAt={link.lastViewedAt}
          viewCount={link.viewCount}
          canManage={can(tenant.role, "invoice_link.manage")}
        />
      ) : null}
      {invoice.status !== "draft" ? (
        <PaymentsPanel
          invoice={invoice}
          payments={payments}
          today={day}
          canRecord={can(tenant.role, "payment.record") && invoice.allowedActions.includes("record_payment")}
          canDelete={can(tenant.role, "payment.delete")}
        />
      ) : null}
      {invoice.status !== "draft" || deliveries.length > 0 ? (
        <DeliveriesPanel
          invoiceId={invoice.id}
          deliveries={deliveries}
          canResend={can(tenant.role, "invoice.send") && ["sent", "overdue", "paid"].includes(invoice.status)}
        />
      ) : null}
      {invoice.status !== "draft" ? (
        <RemindersPanel invoiceId={invoice.id} reminders={reminders} canPause={can(tenant.role, "invoice.send")} />
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
