import Link from "next/link";
import { redirect } from "next/navigation";
import { requireTenant } from "@/identity/request-context";
import { getInvoice } from "@/modules/invoices/invoices.service";
import { currencyExponent, formatDecimal, toDecimalString } from "@/lib/money";
import { notFoundOnMissing } from "@/app/not-found-on-missing";
import { InvoiceEditor } from "@/components/invoice-editor";
import { updateInvoiceAction } from "../../actions";
import { loadEditorOptions } from "../../editor-options";
import { discountText } from "@/components/invoice-format";
import "../../invoices.css";

export const metadata = { title: "Edit invoice" };

export default async function EditInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const tenant = await requireTenant();
  const invoice = await notFoundOnMissing(getInvoice(tenant, id));
  // Only drafts are editable; anything else shows the invoice itself.
  if (!invoice.allowedActions.includes("edit")) redirect(`/invoices/${invoice.id}`);
  const options = await loadEditorOptions(tenant, {
    client: { id: invoice.clientId, name: `${invoice.clientName} (archived)`, currency: invoice.currency },
    taxRateIds: invoice.lines.map((l) => l.taxRateId).filter((x): x is string => x !== null),
  });
  const exponent = currencyExponent(invoice.currency);
  const discount = discountText(invoice.discount, invoice.currency);
  return (
    <>
      <div className="row between">
        <h1>Edit draft invoice</h1>
        <Link href={`/invoices/${invoice.id}`}>← Back to the invoice</Link>
      </div>
      <InvoiceEditor
        action={updateInvoiceAction.bind(null, invoice.id)}
        isNew={false}
        clients={options.clients}
        taxRates={options.taxRates}
        paymentTermsDays={options.paymentTermsDays}
        initial={{
          clientId: invoice.clientId,
          currency: invoice.currency,
          issueDate: invoice.issueDate,
          dueDate: invoice.dueDate,
          notes: invoice.notes ?? "",
          buyerReference: invoice.buyerReference ?? "",
          purchaseOrderReference: invoice.purchaseOrderReference ?? "",
          discountKind: discount.kind,
          discountValue: discount.value,
          lines: invoice.lines.map((l) => {
            const d = discountText(l.discount, invoice.currency);
            return {
              description: l.description,
              quantity: formatDecimal(l.quantityMilli, 3),
              unitCode: l.unitCode,
              unitPrice: toDecimalString(l.unitPriceMinor, exponent),
              taxRateId: l.taxRateId ?? "",
              discountKind: d.kind,
              discountValue: d.value,
            };
          }),
        }}
        submitLabel="Save draft"
        cancelHref={`/invoices/${invoice.id}`}
      />
    </>
  );
}
