import { requireTenant } from "@/identity/request-context";
import { today } from "@/lib/clock";
import { addDays } from "@/lib/dates";
import { InvoiceEditor } from "@/components/invoice-editor";
import { createInvoiceAction } from "../actions";
import { loadEditorOptions } from "../editor-options";
import "../invoices.css";

export const metadata = { title: "New invoice" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function NewInvoicePage({ searchParams }: { searchParams: SearchParams }) {
  const tenant = await requireTenant();
  const sp = await searchParams;
  const options = await loadEditorOptions(tenant);
  const wanted = typeof sp.clientId === "string" ? options.clients.find((c) => c.id === sp.clientId) : undefined;
  const issueDate = today();
  return (
    <>
      <h1>New invoice</h1>
      <InvoiceEditor
        action={createInvoiceAction}
        isNew
        clients={options.clients}
        taxRates={options.taxRates}
        paymentTermsDays={options.paymentTermsDays}
        initial={{
          clientId: wanted?.id ?? "",
          currency: wanted?.currency ?? options.defaultCurrency,
          issueDate,
          dueDate: addDays(issueDate, options.paymentTermsDays),
          notes: "",
          buyerReference: "",
          purchaseOrderReference: "",
          discountKind: "none",
          discountValue: "",
          lines: [
            { description: "", quantity: "1", unitCode: "C62", unitPrice: "", taxRateId: "", discountKind: "none", discountValue: "" },
          ],
        }}
        submitLabel="Save draft"
        cancelHref="/invoices"
      />
    </>
  );
}
