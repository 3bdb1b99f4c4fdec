"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireTenant } from "@/server/auth/request-context";
import { createInvoice, deleteInvoice, duplicateInvoice, sendInvoice, updateInvoice, voidInvoice } from "@/modules/invoices/invoices.service";
import { deletePayment, recordPayment } from "@/modules/payments/payments.service";
import { formatMoney } from "@/lib/money";
import { formStateFromError, formValues, type FormState } from "../../form-state";

/** A form state that can also carry a success notice (one-button forms and the payment form stay on the page). */
export type InvoiceActionState = FormState & { notice?: string };

/** The editor posts the whole invoice as JSON in one hidden field; the service validates every key. */
function invoiceFromForm(values: Record<string, string>): { ok: true; input: unknown } | { ok: false; state: FormState } {
  try {
    return { ok: true, input: JSON.parse(values.invoice ?? "") as unknown };
  } catch {
    return { ok: false, state: { message: "The invoice could not be read; reload the page and try again." } };
  }
}

function revalidateInvoices(id?: string) {
  revalidatePath("/invoices");
  revalidatePath("/dashboard");
  if (id) revalidatePath(`/invoices/${id}`);
}

export async function createInvoiceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const tenant = await requireTenant();
  const parsed = invoiceFromForm(formValues(formData));
  if (!parsed.ok) return parsed.state;
  let id: string;
  try {
    id = (await createInvoice(tenant, parsed.input)).id;
  } catch (err) {
    return formStateFromError(err);
  }
  revalidateInvoices();
  redirect(`/invoices/${id}`);
}

export async function updateInvoiceAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const tenant = await requireTenant();
  const parsed = invoiceFromForm(formValues(formData));
  if (!parsed.ok) return parsed.state;
  try {
    await updateInvoice(tenant, id, parsed.input);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidateInvoices(id);
  redirect(`/invoices/${id}`);
}

export async function sendInvoiceAction(id: string): Promise<InvoiceActionState> {
  const tenant = await requireTenant();
  let number: string | null;
  try {
    number = (await sendInvoice(tenant, id)).number;
  } catch (err) {
    return formStateFromError(err);
  }
  revalidateInvoices(id);
  return { notice: `Sent as ${number ?? "an invoice"}.` };
}

export async function voidInvoiceAction(id: string): Promise<InvoiceActionState> {
  const tenant = await requireTenant();
  try {
    await voidInvoice(tenant, id);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidateInvoices(id);
  return { notice: "The invoice is void." };
}

export async function duplicateInvoiceAction(id: string): Promise<InvoiceActionState> {
  const tenant = await requireTenant();
  let copyId: string;
  try {
    copyId = (await duplicateInvoice(tenant, id)).id;
  } catch (err) {
    return formStateFromError(err);
  }
  revalidateInvoices();
  redirect(`/invoices/${copyId}/edit`);
}

export async function deleteInvoiceAction(id: string): Promise<InvoiceActionState> {
  const tenant = await requireTenant();
  try {
    await deleteInvoice(tenant, id);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidateInvoices();
  redirect("/invoices");
}

/** The currency comes from the page (display only); anything odd falls back to the bare number. */
function amountText(minor: number, currency: string): string {
  try {
    return formatMoney(minor, currency);
  } catch {
    return String(minor);
  }
}

const PAYMENT_FIELDS = ["amount", "paidOn", "method", "reference"] as const;

export async function recordPaymentAction(invoiceId: string, currency: string, _prev: InvoiceActionState, formData: FormData): Promise<InvoiceActionState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  let amountMinor: number;
  try {
    amountMinor = (await recordPayment(tenant, invoiceId, Object.fromEntries(PAYMENT_FIELDS.map((f) => [f, values[f] ?? ""])))).amountMinor;
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidateInvoices(invoiceId);
  return { notice: `Payment of ${amountText(amountMinor, currency)} recorded.` };
}

export async function deletePaymentAction(invoiceId: string, paymentId: string): Promise<InvoiceActionState> {
  const tenant = await requireTenant();
  try {
    await deletePayment(tenant, paymentId);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidateInvoices(invoiceId);
  return { notice: "Payment deleted." };
}
