import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { parseInput } from "@/platform/validation";
import { AppError, type FieldErrors } from "@/platform/errors";
import { endpointPairProblems } from "@/lib/einvoice-schemas";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { updateInvoiceSettingsInput, type InvoiceSettingsDto, type InvoiceSettingsFields } from "./invoice-settings.schemas";
import { formatInvoiceNumber } from "./invoice-number";
import * as repo from "./invoice-settings.repo";

export { paymentInstructionsText, type PaymentInstructions } from "./payment-instructions";

export async function getInvoiceSettings(ctx: TenantContext): Promise<InvoiceSettingsDto> {
  assertCan(ctx, "invoice_settings.read");
  return withTenant(ctx, (t) => repo.loadSettings(t));
}

export async function updateInvoiceSettings(ctx: TenantContext, input: InvoiceSettingsFields): Promise<InvoiceSettingsDto> {
  assertCan(ctx, "invoice_settings.update");
  const values = parseInput(updateInvoiceSettingsInput, input);
  return withTenant(ctx, async (t) => {
    const current = await repo.loadSettings(t);
    const problems = endpointPairProblems(
      values.senderEndpointId === undefined ? current.senderEndpointId : values.senderEndpointId,
      values.senderEndpointScheme === undefined ? current.senderEndpointScheme : values.senderEndpointScheme,
    );
    const errors: FieldErrors = {};
    if (problems.id) errors.senderEndpointId = [problems.id];
    if (problems.scheme) errors.senderEndpointScheme = [problems.scheme];
    if (Object.keys(errors).length > 0) throw new AppError("validation_failed", "Some fields are not valid", errors);
    const saved = await repo.updateSettings(t, values);
    await recordAuditEvent(t, ctx, {
      action: "invoice_settings.updated",
      targetType: "invoice_settings",
      targetId: null,
      detail: { fields: Object.keys(values) },
    });
    return saved;
  });
}

/** Inside the sending transaction: the invoice's number. */
export async function assignInvoiceNumber(t: TenantScope): Promise<string> {
  const { n, prefix, padding } = await repo.takeNextNumber(t);
  return formatInvoiceNumber(prefix, padding, n);
}

/** Inside an invoice transaction: defaults (currency, terms) and the sender printed on invoices. */
export async function settingsInScope(t: TenantScope): Promise<InvoiceSettingsDto> {
  return repo.loadSettings(t);
}
