"use server";

import { revalidatePath } from "next/cache";
import { updateInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import { formValues, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";

export type InvoiceSettingsState = FormState & { saved?: boolean };

export const updateInvoiceSettingsAction = tenantAction(
  "invoice_settings.update",
  async (tenant, _prev: InvoiceSettingsState, formData: FormData): Promise<InvoiceSettingsState> => {
    const values = formValues(formData);
    // The form's text, as the one settings schema takes it (numbers as numbers; blank is 0).
    await updateInvoiceSettings(tenant, {
      defaultCurrency: values.defaultCurrency ?? "",
      numberPrefix: values.numberPrefix ?? "",
      numberPadding: Number(values.numberPadding ?? ""),
      paymentTermsDays: Number(values.paymentTermsDays ?? ""),
      senderLegalName: values.senderLegalName ?? "",
      senderAddress: values.senderAddress ?? "",
      senderTaxId: values.senderTaxId ?? "",
      bankAccountHolder: values.bankAccountHolder ?? "",
      bankIban: values.bankIban ?? "",
      bankBic: values.bankBic ?? "",
      paymentInstructions: values.paymentInstructions ?? "",
      paymentUrl: values.paymentUrl ?? "",
    });
    revalidatePath("/invoice-settings");
    return { saved: true, values };
  },
);
