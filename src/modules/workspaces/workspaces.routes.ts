import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import type { ApiEnv } from "@/platform/http-kit/env";
import { apiInput } from "@/platform/http-kit/api-schema";
import { updateWorkspaceInput } from "./workspaces.schemas";
import { bearerSecurity, errorResponses, json, jsonBody } from "@/platform/http-kit/openapi";
import { getInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import { getWorkspaceSettings, updateWorkspace } from "./workspaces.service";

const REQUIRE_TWO_FACTOR = "Members without two-factor authentication cannot enter the workspace with a session (API keys are unaffected)";

export const Workspace = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    your_role: z.string(),
    require_two_factor: z.boolean().openapi({ description: REQUIRE_TWO_FACTOR }),
    default_currency: z.string(),
    number_prefix: z.string(),
    number_padding: z.number().int(),
    next_number: z.number().int(),
    payment_terms_days: z.number().int(),
    sender: z
      .object({
        legal_name: z.string().nullable(),
        address: z.string().nullable(),
        tax_id: z.string().nullable(),
        street: z.string().nullable(),
        city: z.string().nullable(),
        postcode: z.string().nullable(),
        country_code: z.string().nullable(),
        vat_id: z.string().nullable(),
        registration_id: z.string().nullable(),
        endpoint_id: z.string().nullable(),
        endpoint_scheme: z.string().nullable(),
      })
      .openapi({ description: "The seller printed on invoices and named in e-invoices (EN 16931)" }),
    payment: z
      .object({
        account_holder: z.string().nullable(),
        iban: z.string().nullable(),
        bic: z.string().nullable(),
        instructions: z.string().nullable(),
        url: z.string().nullable(),
      })
      .openapi({ description: "How clients pay: printed on invoices and the public invoice page" }),
  })
  .openapi("Workspace");

const UpdateWorkspace = apiInput(updateWorkspaceInput, "UpdateWorkspace");

const tags = ["Workspace"];

async function workspaceToApi(ctx: ApiEnv["Variables"]["tenant"]): Promise<z.infer<typeof Workspace>> {
  const [ws, s] = await Promise.all([getWorkspaceSettings(ctx), getInvoiceSettings(ctx)]);
  return {
    id: ws.workspaceId,
    name: ws.name,
    slug: ws.slug,
    your_role: ctx.role,
    require_two_factor: ws.requireTwoFactor,
    default_currency: s.defaultCurrency,
    number_prefix: s.numberPrefix,
    number_padding: s.numberPadding,
    next_number: s.nextNumber,
    payment_terms_days: s.paymentTermsDays,
    sender: {
      legal_name: s.senderLegalName,
      address: s.senderAddress,
      tax_id: s.senderTaxId,
      street: s.senderStreet,
      city: s.senderCity,
      postcode: s.senderPostcode,
      country_code: s.senderCountryCode,
      vat_id: s.senderVatId,
      registration_id: s.senderRegistrationId,
      endpoint_id: s.senderEndpointId,
      endpoint_scheme: s.senderEndpointScheme,
    },
    payment: {
      account_holder: s.bankAccountHolder,
      iban: s.bankIban,
      bic: s.bankBic,
      instructions: s.paymentInstructions,
      url: s.paymentUrl,
    },
  };
}

export function registerWorkspaceRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "workspace.read",
      method: "get",
      path: "/api/v1/workspace",
      operationId: "getWorkspace",
      tags,
      security: bearerSecurity,
      description: "The workspace of the API key (or of the session's active workspace).",
      responses: { 200: json(Workspace, "The workspace and its invoicing settings"), ...errorResponses },
    },
    async (c) => c.json(await workspaceToApi(c.get("tenant")), 200),
  );
  api.operation(
    {
      permission: "invoice_settings.update",
      method: "patch",
      path: "/api/v1/workspace",
      operationId: "updateWorkspace",
      tags,
      security: bearerSecurity,
      description:
        "Invoicing settings need `invoice_settings.update` (admins); renaming and requiring two-factor authentication also need `workspace.update` (owners). Nothing changes unless every part is allowed and valid.",
      request: jsonBody(UpdateWorkspace),
      responses: { 200: json(Workspace, "Updated"), ...errorResponses },
    },
    async (c) => {
      const ctx = c.get("tenant");
      await updateWorkspace(ctx, c.req.valid("json"));
      return c.json(await workspaceToApi(ctx), 200);
    },
  );
}
