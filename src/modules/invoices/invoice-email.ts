/** Emailing invoices: sending with an email (queued in the same transaction), resending, the delivery list, the dialog's draft. */
import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { queueAfterCommit } from "@/platform/jobs/queue";
import { isUuid } from "@/lib/ids";
import { formatMoney } from "@/lib/money";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { clientInScope } from "@/modules/clients/clients.service";
import { paymentInstructionsText, settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import { templateInScope } from "@/modules/email-templates/email-templates.service";
import { fillPlaceholders, type Placeholder } from "@/modules/email-templates/email-template-text";
import type { InvoiceStatus } from "./invoice-lifecycle";
import type { InvoiceDto } from "./invoices.schemas";
import { sendInvoiceInput, type InvoiceDeliveryDto, type InvoiceEmailDraft, type SendInvoiceFields } from "./invoice-email.schemas";
import { invoiceEmailJob } from "./invoice-email-job";
import { loadInvoice, lockInvoice, invoiceInScope, notFound } from "./invoice-read";
import { sendInvoiceIn } from "./invoice-status";
import { einvoiceModelIn } from "./invoice-einvoice";
import * as repo from "./invoice-delivery.repo";

type Ctx = TenantContext & { workspaceName?: string };

/** Statuses an invoice may be emailed (again) in: it has a number and is not void. */
const EMAILABLE: readonly InvoiceStatus[] = ["sent", "overdue", "paid"];

/** The placeholders' values for an invoice; `{link}` is the job's (filled in at sending), `{invoice_number}` only once it has one. */
export function placeholderValues(invoice: InvoiceDto, sender: Sender): Partial<Record<Placeholder, string>> {
  return {
    ...(invoice.number ? { invoice_number: invoice.number } : {}),
    client_name: invoice.clientName,
    total: formatMoney(invoice.totalMinor, invoice.currency),
    // A draft owes nothing yet; its email goes out as it is sent, when it owes its total.
    balance_due: formatMoney(
      invoice.status === "draft" ? invoice.totalMinor - invoice.amountPaidMinor : invoice.balanceDueMinor,
      invoice.currency,
    ),
    due_date: invoice.dueDate,
    workspace_name: sender.name,
    payment_instructions: sender.paymentInstructions ?? "",
  };
}

/** Who an invoice email comes from, and how the client pays them (the invoice settings'). */
export interface Sender {
  name: string;
  paymentInstructions: string | null;
}

async function senderIn(t: TenantScope, ctx: Ctx): Promise<Sender> {
  const settings = await settingsInScope(t);
  return { name: settings.senderLegalName ?? ctx.workspaceName ?? "", paymentInstructions: paymentInstructionsText(settings) };
}

/** A subject is one header line: whatever a value brought in (a multi-line legal name) becomes spaces. */
export const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, " ").trim();

export interface SentInvoice {
  invoice: InvoiceDto;
  /** The queued email's delivery, when an email was asked for. */
  delivery: InvoiceDeliveryDto | null;
}

/**
 * Factur-X is attached only to an invoice that makes a valid e-invoice: what it lacks is refused now, on
 * the `attachFormat` field, rather than failing later in the queue.
 */
async function assertFacturxReady(t: TenantScope, id: string, senderName: string): Promise<void> {
  try {
    await einvoiceModelIn(t, id, "cii", senderName);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "validation_failed" || !err.fieldErrors) throw err;
    const missing = Object.values(err.fieldErrors).flat();
    throw new AppError("validation_failed", "This invoice cannot be attached as Factur-X yet", {
      ...err.fieldErrors,
      "email.attachFormat": [`Factur-X needs a complete e-invoice: ${missing.join(" · ")}`],
    });
  }
}

/**
 * Sends an invoice, optionally with an email. A draft gets its number and becomes sent (sendInvoice's
 * rules) and, with `email`, the email is queued in the same transaction: a refused request leaves the
 * draft a draft, with no delivery and no job. An invoice already sent, overdue or paid may be emailed
 * again (with `email`; without it, sending it again is refused as before).
 */
export async function sendInvoiceWithEmail(ctx: Ctx, id: string, input: SendInvoiceFields = {}): Promise<SentInvoice> {
  assertCan(ctx, "invoice.send");
  const { email } = parseInput(sendInvoiceInput, input);
  if (!isUuid(id)) throw notFound();
  const result = await withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    let invoice: InvoiceDto;
    if (row.status === "draft" || !email) {
      invoice = await sendInvoiceIn(t, ctx, id);
    } else {
      if (!EMAILABLE.includes(row.status as InvoiceStatus))
        throw new AppError("invalid_state", `Cannot email an invoice that is ${row.status}`);
      invoice = (await loadInvoice(t, id))!;
    }
    if (!email) return { invoice, deliveryId: null, delivery: null };
    const sender = await senderIn(t, ctx);
    const attachPdf = email.attachPdf ?? true;
    const attachFormat = attachPdf ? (email.attachFormat ?? "pdf") : "pdf";
    if (attachFormat === "facturx") await assertFacturxReady(t, id, sender.name);
    const values = placeholderValues(invoice, sender);
    const to = email.to;
    const cc = email.cc ?? [];
    const deliveryId = await repo.insertDelivery(t, {
      invoiceId: id,
      to,
      cc,
      subject: oneLine(fillPlaceholders(email.subject, values)),
      body: fillPlaceholders(email.message, values),
      attachPdf,
      attachFormat,
      senderName: sender.name,
      createdBy: ctx.userId,
      createdByLabel: ctx.actorLabel,
    });
    await recordAuditEvent(t, ctx, {
      action: "invoice.email_queued",
      targetType: "invoice",
      targetId: id,
      detail: { deliveryId, number: invoice.number, recipients: to.length, cc: cc.length, attachPdf, attachFormat },
    });
    return { invoice, deliveryId, delivery: (await repo.listForInvoice(t, id, 1))[0]! };
  });
  if (!result.deliveryId) return { invoice: result.invoice, delivery: null };
  await queueAfterCommit(invoiceEmailJob, ctx.workspaceId, { deliveryId: result.deliveryId }, result.deliveryId);
  return { invoice: result.invoice, delivery: result.delivery };
}

/**
 * Queues a delivery's message again, as a new delivery (same recipients, subject, message and
 * attachment): the given one, or the invoice's latest when none is named.
 */
export async function resendInvoiceEmail(ctx: Ctx, invoiceId: string, deliveryId?: string): Promise<InvoiceDeliveryDto> {
  assertCan(ctx, "invoice.send");
  if (!isUuid(invoiceId)) throw notFound();
  if (deliveryId !== undefined && !isUuid(deliveryId)) throw AppError.notFound("Delivery");
  const created = await withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, invoiceId);
    if (!EMAILABLE.includes(row.status as InvoiceStatus))
      throw new AppError("invalid_state", `Cannot email an invoice that is ${row.status}`);
    const source = deliveryId
      ? await repo.findDelivery(t, deliveryId)
      : await repo.listForInvoice(t, invoiceId, 1).then((l) => (l[0] ? repo.findDelivery(t, l[0].id) : undefined));
    if (!source || source.invoiceId !== invoiceId) throw AppError.notFound("Delivery");
    const id = await repo.insertDelivery(t, {
      invoiceId,
      to: source.to,
      cc: source.cc,
      subject: source.subject,
      body: source.message,
      attachPdf: source.attachPdf,
      attachFormat: source.attachFormat === "facturx" ? "facturx" : "pdf",
      senderName: (await senderIn(t, ctx)).name,
      createdBy: ctx.userId,
      createdByLabel: ctx.actorLabel,
    });
    await recordAuditEvent(t, ctx, {
      action: "invoice.email_queued",
      targetType: "invoice",
      targetId: invoiceId,
      detail: { deliveryId: id, resendOf: source.id, number: row.number, recipients: source.to.length, cc: source.cc.length },
    });
    return (await repo.listForInvoice(t, invoiceId, 1))[0]!;
  });
  await queueAfterCommit(invoiceEmailJob, ctx.workspaceId, { deliveryId: created.id }, created.id);
  return created;
}

/** The invoice's emails, newest first, with their attempts. */
export async function listInvoiceDeliveries(ctx: TenantContext, invoiceId: string): Promise<InvoiceDeliveryDto[]> {
  assertCan(ctx, "invoice.read");
  if (!isUuid(invoiceId)) throw notFound();
  return withTenant(ctx, async (t) => {
    await invoiceInScope(t, invoiceId);
    return repo.listForInvoice(t, invoiceId);
  });
}

/** Inside the invoice page's transaction: its deliveries. */
export async function deliveriesInScope(t: TenantScope, invoiceId: string): Promise<InvoiceDeliveryDto[]> {
  return repo.listForInvoice(t, invoiceId);
}

/**
 * Inside the invoice page's transaction: what the send dialog starts with — the client's address and
 * the workspace's invoice template filled in with what is known now (a draft's `{invoice_number}` and
 * every `{link}` are filled in later, when it is numbered and when the email leaves).
 */
export async function emailDraftInScope(t: TenantScope, ctx: Ctx, invoice: InvoiceDto): Promise<InvoiceEmailDraft> {
  const [client, template, sender] = await Promise.all([
    clientInScope(t, invoice.clientId),
    templateInScope(t, "invoice"),
    senderIn(t, ctx),
  ]);
  const values = placeholderValues(invoice, sender);
  return {
    to: client?.email ? [client.email] : [],
    subject: oneLine(fillPlaceholders(template.subject, values)),
    message: fillPlaceholders(template.message, values),
  };
}
