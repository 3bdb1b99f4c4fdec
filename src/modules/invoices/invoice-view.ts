import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { isUuid } from "@/lib/ids";
import { clientInScope } from "@/modules/clients/clients.service";
import type { ClientDto } from "@/modules/clients/clients.schemas";
import { settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import type { InvoiceSettingsDto } from "@/modules/invoice-settings/invoice-settings.schemas";
import * as paymentsRepo from "@/modules/payments/payments.repo";
import type { PaymentDto } from "@/modules/payments/payments.schemas";
import { invoiceRemindersInScope } from "@/modules/reminders/reminders.service";
import type { InvoiceRemindersDto } from "@/modules/reminders/reminders.schemas";
import { deliveriesInScope, emailDraftInScope, invoiceLinkInScope, loadInvoice, type InvoiceLinkDto } from "./invoices.service";
import type { InvoiceDeliveryDto, InvoiceEmailDraft } from "./invoice-email.schemas";
import type { InvoiceDto } from "./invoices.schemas";

/** Everything the invoice page shows, read at one moment. */
export interface InvoiceView {
  /** With its lines, totals, tax breakdown, dates and allowed actions. */
  invoice: InvoiceDto;
  client: ClientDto;
  /** The sender's details printed on the document. */
  settings: InvoiceSettingsDto;
  payments: PaymentDto[];
  /** The public link (APP_URL/i/<token>) and the client's views of it. */
  link: InvoiceLinkDto;
  /** Its emails, newest first. */
  deliveries: InvoiceDeliveryDto[];
  /** What the send dialog starts with. */
  emailDraft: InvoiceEmailDraft;
  /** Reminders sent (or skipped), the next one due, and whether this invoice is paused. */
  reminders: InvoiceRemindersDto;
}

/** The read permissions the view needs: the invoice's first, so a role that cannot read invoices learns nothing else. */
const VIEW_PERMISSIONS = ["invoice.read", "payment.read", "client.read", "invoice_settings.read"] as const;

/**
 * The invoice page's whole view in ONE tenant transaction (one snapshot, one pooled connection),
 * where the page used to open one per part. Permissions are checked before anything is read; a
 * foreign, missing or malformed id is "Invoice not found", like getInvoice.
 */
export async function getInvoiceView(ctx: TenantContext & { workspaceName?: string }, id: string): Promise<InvoiceView> {
  for (const permission of VIEW_PERMISSIONS) assertCan(ctx, permission);
  if (!isUuid(id)) throw AppError.notFound("Invoice");
  return withTenant(ctx, async (t) => {
    const invoice = await loadInvoice(t, id);
    if (!invoice) throw AppError.notFound("Invoice");
    const [client, settings, payments, link, deliveries, emailDraft, reminders] = await Promise.all([
      clientInScope(t, invoice.clientId),
      settingsInScope(t),
      paymentsRepo.listPayments(t, invoice.id),
      invoiceLinkInScope(t, invoice.id),
      deliveriesInScope(t, invoice.id),
      emailDraftInScope(t, ctx, invoice),
      invoiceRemindersInScope(t, invoice.id),
    ]);
    if (!client) throw AppError.notFound("Client");
    return {
      invoice,
      client,
      settings,
      payments: payments.map((p) => ({ ...p, currency: invoice.currency })),
      link,
      deliveries,
      emailDraft,
      reminders,
    };
  });
}
