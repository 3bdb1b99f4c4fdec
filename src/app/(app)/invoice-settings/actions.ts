"use server";

import { revalidatePath } from "next/cache";
import { updateInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import { formValues, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";

export type InvoiceSettingsState = FormState & { saved?: boolean };

const FIELDS = [
  "defaultCurrency",
  "numberPrefix",
  "numberPadding",
  "paymentTermsDays",
  "senderLegalName",
  "senderAddress",
  "senderTaxId",
] as const;

export const updateInvoiceSettingsAction = tenantAction(
  "invoice_settings.update",
  async (tenant, _prev: InvoiceSettingsState, formData: FormData): Promise<InvoiceSettingsState> => {
    const values = formValues(formData);
    await updateInvoiceSettings(tenant, Object.fromEntries(FIELDS.map((f) => [f, values[f] ?? ""])));
    revalidatePath("/invoice-settings");
    return { saved: true, values };
  },
);
