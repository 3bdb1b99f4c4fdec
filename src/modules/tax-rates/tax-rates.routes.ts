import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { apiInput } from "@/platform/http-kit/api-schema";
import { bearerSecurity, errorResponses, IdParam, iso, json, jsonBody, listOf } from "@/platform/http-kit/openapi";
import { formatDecimal } from "@/lib/money";
import { VAT_CATEGORIES } from "@/lib/einvoice-codes";
import * as taxRates from "./tax-rates.service";
import { createTaxRateInput, listTaxRatesQuery, updateTaxRateInput, type TaxRateDto } from "./tax-rates.schemas";

export const TaxRate = z
  .object({
    id: z.uuid(),
    name: z.string(),
    rate: z.string().openapi({ description: "Percent, up to 3 decimals", example: "7.125" }),
    vat_category: z.enum(VAT_CATEGORIES).openapi({ description: "EN 16931 VAT category code" }),
    exemption_reason: z.string().nullable(),
    archived_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("TaxRate");

export function taxRateToApi(r: TaxRateDto): z.infer<typeof TaxRate> {
  return {
    id: r.id,
    name: r.name,
    rate: formatDecimal(r.rateMilliPercent, 3),
    vat_category: r.vatCategory,
    exemption_reason: r.exemptionReason,
    archived_at: iso(r.archivedAt),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

const CreateTaxRate = apiInput(createTaxRateInput, "CreateTaxRate");
const UpdateTaxRate = apiInput(updateTaxRateInput, "UpdateTaxRate");
const tags = ["Tax rates"];

export function registerTaxRateRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "tax_rate.read",
      method: "get",
      path: "/api/v1/tax-rates",
      operationId: "listTaxRates",
      tags,
      security: bearerSecurity,
      request: { query: apiInput(listTaxRatesQuery) },
      responses: { 200: json(listOf(TaxRate, "TaxRateList"), "Tax rates, oldest first"), ...errorResponses },
    },
    async (c) => {
      const page = await taxRates.listTaxRatesPage(c.get("tenant"), c.req.valid("query"));
      return c.json({ data: page.items.map(taxRateToApi), next_cursor: page.nextCursor }, 200);
    },
  );
  api.operation(
    {
      permission: "tax_rate.create",
      method: "post",
      path: "/api/v1/tax-rates",
      operationId: "createTaxRate",
      tags,
      security: bearerSecurity,
      request: jsonBody(CreateTaxRate),
      responses: { 201: json(TaxRate, "Created"), ...errorResponses },
    },
    async (c) => c.json(taxRateToApi(await taxRates.createTaxRate(c.get("tenant"), c.req.valid("json"))), 201),
  );
  api.operation(
    {
      permission: "tax_rate.read",
      method: "get",
      path: "/api/v1/tax-rates/{id}",
      operationId: "getTaxRate",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 200: json(TaxRate, "The tax rate"), ...errorResponses },
    },
    async (c) => c.json(taxRateToApi(await taxRates.getTaxRate(c.get("tenant"), c.req.valid("param").id)), 200),
  );
  api.operation(
    {
      permission: "tax_rate.update",
      method: "patch",
      path: "/api/v1/tax-rates/{id}",
      operationId: "updateTaxRate",
      tags,
      security: bearerSecurity,
      request: { params: IdParam, ...jsonBody(UpdateTaxRate) },
      responses: { 200: json(TaxRate, "Updated"), ...errorResponses },
    },
    async (c) => c.json(taxRateToApi(await taxRates.updateTaxRate(c.get("tenant"), c.req.valid("param").id, c.req.valid("json"))), 200),
  );
  api.operation(
    {
      permission: "tax_rate.delete",
      method: "delete",
      path: "/api/v1/tax-rates/{id}",
      operationId: "deleteTaxRate",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    },
    async (c) => {
      await taxRates.deleteTaxRate(c.get("tenant"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
