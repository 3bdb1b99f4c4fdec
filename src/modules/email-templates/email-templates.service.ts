import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { parseInput } from "@/platform/validation";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import {
  DEFAULT_TEMPLATES,
  TEMPLATE_KINDS,
  templateKindSchema,
  updateEmailTemplateInput,
  type EmailTemplateDto,
  type TemplateKind,
  type UpdateEmailTemplateInput,
} from "./email-templates.schemas";
import * as repo from "./email-templates.repo";

function withDefaults(stored: repo.StoredTemplate[]): EmailTemplateDto[] {
  return TEMPLATE_KINDS.map((kind) => {
    const row = stored.find((s) => s.kind === kind);
    return row
      ? { kind, subject: row.subject, message: row.message, customized: true, updatedAt: row.updatedAt }
      : { kind, ...DEFAULT_TEMPLATES[kind], customized: false, updatedAt: null };
  });
}

/** Every kind's template: the workspace's wording, or the built-in one. */
export async function listEmailTemplates(ctx: TenantContext): Promise<EmailTemplateDto[]> {
  assertCan(ctx, "invoice_settings.read");
  return withTenant(ctx, async (t) => withDefaults(await repo.listStored(t)));
}

export async function getEmailTemplate(ctx: TenantContext, kind: string): Promise<EmailTemplateDto> {
  assertCan(ctx, "invoice_settings.read");
  const k = parseInput(templateKindSchema, kind);
  return withTenant(ctx, (t) => templateInScope(t, k));
}

/** Inside another module's transaction (sending an invoice): the template to word the email with. */
export async function templateInScope(t: TenantScope, kind: TemplateKind): Promise<EmailTemplateDto> {
  return withDefaults(await repo.listStored(t)).find((x) => x.kind === kind)!;
}

export async function updateEmailTemplate(ctx: TenantContext, kind: string, input: UpdateEmailTemplateInput): Promise<EmailTemplateDto> {
  assertCan(ctx, "invoice_settings.update");
  const k = parseInput(templateKindSchema, kind);
  const values = parseInput(updateEmailTemplateInput, input);
  return withTenant(ctx, async (t) => {
    const row = await repo.upsert(t, k, values);
    await recordAuditEvent(t, ctx, { action: "email_template.updated", targetType: "email_template", targetId: k, detail: { kind: k } });
    return { kind: k, subject: row.subject, message: row.message, customized: true, updatedAt: row.updatedAt };
  });
}

/** Back to the built-in wording. */
export async function resetEmailTemplate(ctx: TenantContext, kind: string): Promise<EmailTemplateDto> {
  assertCan(ctx, "invoice_settings.update");
  const k = parseInput(templateKindSchema, kind);
  return withTenant(ctx, async (t) => {
    if (await repo.remove(t, k)) {
      await recordAuditEvent(t, ctx, { action: "email_template.reset", targetType: "email_template", targetId: k, detail: { kind: k } });
    }
    return templateInScope(t, k);
  });
}
