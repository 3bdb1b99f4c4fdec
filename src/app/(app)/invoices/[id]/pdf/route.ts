import { requireTenant } from "@/identity/request-context";
import { getInvoicePdf } from "@/modules/invoices/invoices.service";
import { getFacturxPdf } from "@/modules/einvoice/einvoice.service";
import { downloadErrorResponse } from "../../../../download-error";

/** GET /invoices/:id/pdf — the invoice as an A4 PDF download (a foreign or missing invoice is a 404). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const tenant = await requireTenant();
  try {
    // ?format=facturx: the Factur-X PDF/A-3 with the CII e-invoice embedded.
    const facturx = new URL(request.url).searchParams.get("format") === "facturx";
    const { filename, pdf } = facturx ? await getFacturxPdf(tenant, id) : await getInvoicePdf(tenant, id);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Content-Length": String(pdf.length),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    return downloadErrorResponse(err);
  }
}
