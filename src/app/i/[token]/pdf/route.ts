import { PUBLIC_LINK_HEADERS } from "@/http/security-headers";
import { publicInvoicePdf } from "@/modules/invoices/invoices.service";
import { PUBLIC_INVOICE_NOT_FOUND_BODY } from "@/http/public-invoice-gate";

export const dynamic = "force-dynamic";

/** The public link's PDF (no view counted). The Node server has counted the request and answered dead links already. */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const file = await publicInvoicePdf(token);
  if (!file) {
    return new Response(PUBLIC_INVOICE_NOT_FOUND_BODY, {
      status: 404,
      headers: { ...PUBLIC_LINK_HEADERS, "content-type": "text/html; charset=utf-8" },
    });
  }
  return new Response(new Uint8Array(file.pdf), {
    headers: {
      ...PUBLIC_LINK_HEADERS,
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${file.filename}"`,
    },
  });
}
