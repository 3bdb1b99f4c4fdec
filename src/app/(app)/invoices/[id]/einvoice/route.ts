import { requireTenant } from "@/identity/request-context";
import { getEinvoice } from "@/modules/einvoice/einvoice.service";
import { downloadErrorResponse } from "../../../../download-error";

/** GET /invoices/:id/einvoice?format=ubl|cii — the EN 16931 e-invoice as an XML download (missing data: 422 naming the fields). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const format = new URL(request.url).searchParams.get("format") === "cii" ? "cii" : "ubl";
  const tenant = await requireTenant();
  try {
    const { filename, xml } = await getEinvoice(tenant, id, format);
    return new Response(xml, {
      headers: {
        "Content-Type": "application/xml; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    return downloadErrorResponse(err);
  }
}
