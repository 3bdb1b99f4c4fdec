import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { bearerSecurity, errorResponses, IdParam } from "@/platform/http-kit/openapi";
import { EINVOICE_FORMATS, getEinvoice } from "./einvoice.service";

const EinvoiceQuery = z.object({
  format: z.enum(EINVOICE_FORMATS).default("ubl").openapi({
    description: "ubl: UBL 2.1, Peppol BIS Billing 3.0; cii: UN/CEFACT CII, EN 16931 guideline (XRechnung-compatible)",
  }),
});

export function registerEinvoiceRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "invoice.read",
      method: "get",
      path: "/api/v1/invoices/{id}/einvoice",
      operationId: "getInvoiceEinvoice",
      tags: ["Invoices"],
      security: bearerSecurity,
      description:
        "The sent invoice as an EN 16931 e-invoice. A 422 names every missing field (seller.*, buyer.*, lines.N.taxRateId, …) instead of making an invalid file.",
      request: { params: IdParam, query: EinvoiceQuery },
      responses: {
        200: {
          content: { "application/xml": { schema: z.string().openapi({ format: "binary" }) } },
          description: "The e-invoice (UTF-8 XML)",
        },
        ...errorResponses,
      },
    },
    async (c) => {
      const { filename, xml } = await getEinvoice(c.get("tenant"), c.req.valid("param").id, c.req.valid("query").format);
      return c.body(xml, 200, {
        "content-type": "application/xml; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
      });
    },
  );
}
