import { requireTenant } from "@/identity/request-context";
import { exportInvoicesCsv } from "@/modules/invoices/invoices.service";
import { today } from "@/lib/clock";
import { downloadErrorResponse } from "../../../download-error";
import { invoiceQueryFrom, searchParamsRecord } from "../list-params";

/** GET /invoices/export.csv?<the list's filters> — every matching invoice (no paging) as a CSV download. */
export async function GET(request: Request): Promise<Response> {
  const tenant = await requireTenant();
  const query = invoiceQueryFrom(searchParamsRecord(new URL(request.url).searchParams));
  try {
    const csv = await exportInvoicesCsv(tenant, query);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="invoices-${today()}.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    return downloadErrorResponse(err);
  }
}
