"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  createInvoice,
  deleteInvoice,
  duplicateInvoice,
  getInvoice,
  regenerateInvoiceLink,
  revokeInvoiceLink,
  resendInvoiceEmail,
  sendInvoice,
  sendInvoiceWithEmail,
  updateInvoice,
  voidInvoice,
} from "@/modules/invoices/invoices.service";
import { deletePayment, recordPayment } from "@/modules/payments/payments.service";
import { recordPaymentInput } from "@/modules/payments/payments.schemas";
import type { CreateInvoiceFields, UpdateInvoiceFields } from "@/modules/invoices/invoices.schemas";
import { parseInput } from "@/platform/validation";
import { formatMoney } from "@/lib/money";
import { AppError } from "@/platform/errors";
import { formValues, type FormState } from "@/components/forms/form-state";
import { flash } from "@/app/flash";
import { tenantAction } from "../../server-action";
import type { NoticeState } from "@/components/action-notice";
import type { RequestTenant } from "@/identity/request-context";

/** A form state that can also carry a success notice (one-button forms and the payment form stay on the page). */
export type InvoiceActionState = FormState & NoticeState;

/** The invoice's version after an action, which its notice is about (src/components/action-notice.tsx). */
async function versionAfter(tenant: RequestTenant, id: string): Promise<string> {
  return (await getInvoice(tenant, id)).updatedAt.toISOString();
}

/** The editor posts the whole invoice as JSON in one hidden field, parsed with the invoice schema of the operation. */
function invoiceFromForm(formData: FormData): unknown {
  try {
    return JSON.parse(formValues(formData).invoice ?? "") as unknown;
  } catch {
    throw new AppError("bad_request", "The invoice could not be read; reload the page and try again.");
  }
}

function revalidateInvoices(id?: string) {
  revalidatePath("/invoices");
  revalidatePath("/dashboard");
  if (id) revalidatePath(`/invoices/${id}`);
}

export const createInvoiceAction = tenantAction(
  "invoice.create",
  async (tenant, _prev: FormState, formData: FormData): Promise<FormState> => {
    // The service validates the input with the operation's schema and reports every field at once.
    const { id } = await createInvoice(tenant, invoiceFromForm(formData) as CreateInvoiceFields);
    revalidateInvoices();
    await flash("Draft saved.");
    redirect(`/invoices/${id}`);
  },
);

export const updateInvoiceAction = tenantAction(
  "invoice.update",
  async (tenant, id: string, _prev: FormState, formData: FormData): Promise<FormState> => {
    await updateInvoice(tenant, id, invoiceFromForm(formData) as UpdateInvoiceFields);
    revalidateInvoices(id);
    await flash("Draft saved.");
    redirect(`/invoices/${id}`);
  },
);

export const sendInvoiceAction = tenantAction("invoice.send", async (tenant, id: string): Promise<InvoiceActionState> => {
  const { number, updatedAt } = await sendInvoice(tenant, id);
  revalidateInvoices(id);
  return { notice: `Sent as ${number ?? "an invoice"}.`, noticeFor: updatedAt.toISOString() };
});

/** Addresses as typed in one box: separated by commas, semicolons or line breaks. */
function addressList(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[,;\n]+/)
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

/** The send dialog: a draft is numbered and sent, and the email queued, in one transaction; a sent invoice is emailed again. */
export const sendInvoiceEmailAction = tenantAction(
  "invoice.send",
  async (tenant, id: string, _prev: InvoiceActionState, formData: FormData): Promise<InvoiceActionState> => {
    const v = formValues(formData);
    const { invoice, delivery } = await sendInvoiceWithEmail(tenant, id, {
      email: {
        to: addressList(v.to),
        cc: addressList(v.cc),
        subject: v.subject ?? "",
        message: v.message ?? "",
        attachPdf: v.attachPdf === "on",
        attachFormat: v.attachFormat === "facturx" ? "facturx" : "pdf",
      },
    });
    revalidateInvoices(id);
    const n = (delivery?.to.length ?? 0) + (delivery?.cc.length ?? 0);
    return { notice: `${invoice.number ?? "The invoice"} is being emailed to ${n} recipient${n === 1 ? "" : "s"}.` };
  },
);

/** One click from the delivery list: the same message again, as a new delivery. */
export const resendInvoiceEmailAction = tenantAction(
  "invoice.send",
  async (tenant, id: string, deliveryId: string): Promise<InvoiceActionState> => {
    await resendInvoiceEmail(tenant, id, deliveryId);
    revalidateInvoices(id);
    return { notice: "Queued again." };
  },
);

export const voidInvoiceAction = tenantAction("invoice.void", async (tenant, id: string): Promise<InvoiceActionState> => {
  const { updatedAt } = await voidInvoice(tenant, id);
  revalidateInvoices(id);
  return { notice: "The invoice is void.", noticeFor: updatedAt.toISOString() };
});

export const regenerateInvoiceLinkAction = tenantAction("invoice_link.manage", async (tenant, id: string): Promise<InvoiceActionState> => {
  await regenerateInvoiceLink(tenant, id);
  revalidateInvoices(id);
  return { notice: "A new link was made; the old one no longer works." };
});

export const revokeInvoiceLinkAction = tenantAction("invoice_link.manage", async (tenant, id: string): Promise<InvoiceActionState> => {
  await revokeInvoiceLink(tenant, id);
  revalidateInvoices(id);
  return { notice: "The link was revoked; it no longer works." };
});

export const duplicateInvoiceAction = tenantAction("invoice.duplicate", async (tenant, id: string): Promise<InvoiceActionState> => {
  const copy = await duplicateInvoice(tenant, id);
  revalidateInvoices();
  await flash("Copied into a new draft.");
  redirect(`/invoices/${copy.id}/edit`);
});

export const deleteInvoiceAction = tenantAction("invoice.delete", async (tenant, id: string): Promise<InvoiceActionState> => {
  await deleteInvoice(tenant, id);
  revalidateInvoices();
  await flash("Draft deleted.");
  redirect("/invoices");
});

/** The currency comes from the page (display only); anything odd falls back to the bare number. */
function amountText(minor: number, currency: string): string {
  try {
    return formatMoney(minor, currency);
  } catch {
    return String(minor);
  }
}

export const recordPaymentAction = tenantAction(
  "payment.record",
  async (tenant, invoiceId: string, currency: string, _prev: InvoiceActionState, formData: FormData): Promise<InvoiceActionState> => {
    const v = formValues(formData);
    const input = parseInput(recordPaymentInput, {
      amount: v.amount ?? "",
      paidOn: v.paidOn ?? "",
      method: v.method ?? "",
      reference: v.reference ?? "",
    });
    const { amountMinor } = await recordPayment(tenant, invoiceId, input);
    revalidateInvoices(invoiceId);
    return { notice: `Payment of ${amountText(amountMinor, currency)} recorded.`, noticeFor: await versionAfter(tenant, invoiceId) };
  },
);

export const deletePaymentAction = tenantAction(
  "payment.delete",
  async (tenant, invoiceId: string, paymentId: string): Promise<InvoiceActionState> => {
    await deletePayment(tenant, paymentId);
    revalidateInvoices(invoiceId);
    return { notice: "Payment deleted.", noticeFor: await versionAfter(tenant, invoiceId) };
  },
);
