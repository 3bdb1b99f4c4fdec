import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { bearerSecurity, errorResponses, IdParam } from "@/platform/http-kit/openapi";
import { PROBLEM_CONTENT_TYPE } from "@/platform/http-kit/problem";
import { Problem } from "@/platform/http-kit/openapi";
import { AppError } from "@/platform/errors";
import { EINVOICE_FORMATS, getEinvoice, validateEinvoiceDocument } from "./einvoice.service";

const FailedRule = z
  .object({
    rule: z.string().openapi({ example: "BR-CO-16" }),
    flag: z.enum(["fatal", "warning"]).or(z.string()),
    location: z.string().openapi({ description: "XPath of the element the rule failed on" }),
    message: z.string(),
  })
  .openapi("EinvoiceFailedRule");

const ValidationReport = z
  .object({
    syntax: z.enum(["ubl", "cii"]),
    valid: z.literal(true),
    failed_rules: z.array(FailedRule).openapi({ description: "Warnings only (no fatal rule failed)" }),
  })
  .openapi("EinvoiceValidationReport");

const RulesProblem = Problem.extend({ syntax: z.enum(["ubl", "cii"]), failed_rules: z.array(FailedRule) }).openapi("EinvoiceRulesProblem");

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
  api.operation(
    {
      permission: "invoice.read",
      method: "post",
      path: "/api/v1/einvoices/validate",
      operationId: "validateEinvoice",
      tags: ["Invoices"],
      security: bearerSecurity,
      description:
        "Checks a received UBL 2.1 or CII document (body `application/xml`, at most 1 MB, no DOCTYPE) against the official EN 16931 business rules (CEN/TC 434). 200 when no fatal rule fails (warnings listed); 422 problem+json with `failed_rules` (rule id, flag, location, message) otherwise; 503 with Retry-After while the rules are being compiled on a fresh server or when they are not installed (EN16931_DIR). Nothing is stored.",
      request: {
        body: {
          content: { "application/xml": { schema: z.string().openapi({ description: "The UBL or CII document" }) } },
          required: true,
        },
      },
      responses: {
        200: { content: { "application/json": { schema: ValidationReport } }, description: "No fatal rule failed" },
        ...errorResponses,
        422: {
          content: { "application/problem+json": { schema: RulesProblem } },
          description: "A fatal EN 16931 rule failed (`failed_rules`), or the body is not a UBL or CII document (`errors`)",
        },
      },
    },
    async (c) => {
      const xml = await c.req.text();
      if (!xml.trim()) throw new AppError("validation_failed", "Send the document in the body", { body: ["The body is empty"] });
      const { syntax, failed } = await validateEinvoiceDocument(c.get("tenant"), xml);
      const failedRules = failed.map((f) => ({ rule: f.rule, flag: f.flag, location: f.location, message: f.message }));
      if (failed.some((f) => f.flag === "fatal")) {
        return c.json(
          {
            type: "https://workledger.dev/problems/validation_failed",
            title: "The document breaks EN 16931 business rules",
            status: 422,
            code: "validation_failed",
            syntax,
            failed_rules: failedRules,
          },
          422,
          { "content-type": PROBLEM_CONTENT_TYPE },
        );
      }
      return c.json({ syntax, valid: true as const, failed_rules: failedRules }, 200);
    },
  );
}
