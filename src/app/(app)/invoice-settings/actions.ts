"use server";

import { revalidatePath } from "next/cache";
import { requireTenant } from "@/server/auth/request-context";
import { updateInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import { formStateFromError, formValues, type FormState } from "../../form-state";

export type InvoiceSettingsState = FormState & { saved?: boolean };

const FIELDS = ["defaultCurrency", "numberPrefix", "numberPadding", "paymentTermsDays", "senderLegalName", "senderAddress", "senderTaxId"] as const;

export async function updateInvoiceSettingsAction(_prev: InvoiceSettingsState, formData: FormData): Promise<InvoiceSettingsState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  try {
    await updateInvoiceSettings(tenant, Object.fromEntries(FIELDS.map((f) => [f, values[f] ?? ""])));
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidatePath("/invoice-settings");
  return { saved: true, values };
}
