import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { apiInput } from "@/platform/http-kit/api-schema";
import { bearerSecurity, errorResponses, iso, json, jsonBody } from "@/platform/http-kit/openapi";
import * as templates from "./email-templates.service";
import { TEMPLATE_KINDS, updateEmailTemplateInput, type EmailTemplateDto, templateOperationName } from "./email-templates.schemas";
import { PLACEHOLDERS } from "./email-template-text";

export const EmailTemplate = z
  .object({
    kind: z.enum(TEMPLATE_KINDS),
    subject: z.string(),
    message: z.string(),
    customized: z.boolean().openapi({ description: "false: the built-in wording, which the workspace has not changed" }),
    updated_at: z.string().nullable(),
  })
  .openapi("EmailTemplate");

function templateToApi(t: EmailTemplateDto): z.infer<typeof EmailTemplate> {
  return { kind: t.kind, subject: t.subject, message: t.message, customized: t.customized, updated_at: iso(t.updatedAt) };
}

const UpdateEmailTemplate = apiInput(updateEmailTemplateInput, "UpdateEmailTemplate");
const tags = ["Email templates"];
const NoBody = z.strictObject({}).openapi("NoBody");
const placeholderList = PLACEHOLDERS.map((p) => `\`{${p}}\``).join(", ");

export function registerEmailTemplateRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "invoice_settings.read",
      method: "get",
      path: "/api/v1/email-templates",
      operationId: "listEmailTemplates",
      tags,
      security: bearerSecurity,
      responses: {
        200: json(z.object({ data: z.array(EmailTemplate) }).openapi("EmailTemplateList"), "Every kind's template"),
        ...errorResponses,
      },
    },
    async (c) => c.json({ data: (await templates.listEmailTemplates(c.get("tenant"))).map(templateToApi) }, 200),
  );
  // One path per kind (no path parameter: every `{…}` in a path names a resource); reminders' kinds get theirs from the list.
  for (const kind of TEMPLATE_KINDS) {
    const path = `/api/v1/email-templates/${kind}` as const;
    const name = templateOperationName(kind);
    api.operation(
      {
        permission: "invoice_settings.read",
        method: "get",
        path,
        operationId: `get${name}EmailTemplate`,
        tags,
        security: bearerSecurity,
        responses: { 200: json(EmailTemplate, "The template"), ...errorResponses },
      },
      async (c) => c.json(templateToApi(await templates.getEmailTemplate(c.get("tenant"), kind)), 200),
    );
    api.operation(
      {
        permission: "invoice_settings.update",
        method: "put",
        path,
        operationId: `update${name}EmailTemplate`,
        tags,
        security: bearerSecurity,
        description: `Subject (one line, 1–200 characters) and message (up to 10,000). Placeholders: ${placeholderList}; any other \`{name}\` is refused.`,
        request: jsonBody(UpdateEmailTemplate),
        responses: { 200: json(EmailTemplate, "Saved"), ...errorResponses },
      },
      async (c) => c.json(templateToApi(await templates.updateEmailTemplate(c.get("tenant"), kind, c.req.valid("json"))), 200),
    );
    api.operation(
      {
        permission: "invoice_settings.update",
        method: "delete",
        path,
        operationId: `reset${name}EmailTemplate`,
        tags,
        security: bearerSecurity,
        description: "Back to the built-in wording. Takes no body (any field in one is refused).",
        request: { body: { content: { "application/json": { schema: NoBody } }, required: false } },
        responses: { 200: json(EmailTemplate, "The built-in template"), ...errorResponses },
      },
      async (c) => c.json(templateToApi(await templates.resetEmailTemplate(c.get("tenant"), kind)), 200),
    );
  }
}
