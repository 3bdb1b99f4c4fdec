"use server";

import { revalidatePath } from "next/cache";
import { updateInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import { resetEmailTemplate, updateEmailTemplate } from "@/modules/email-templates/email-templates.service";
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
      senderStreet: values.senderStreet ?? "",
      senderCity: values.senderCity ?? "",
      senderPostcode: values.senderPostcode ?? "",
      senderCountryCode: values.senderCountryCode ?? "",
      senderVatId: values.senderVatId ?? "",
      senderRegistrationId: values.senderRegistrationId ?? "",
      senderEndpointId: values.senderEndpointId ?? "",
      senderEndpointScheme: values.senderEndpointScheme ?? "",
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

export type EmailTemplateState = FormState & { saved?: "saved" | "reset" };

/** The invoice email's subject and message (placeholders checked by the one template schema). */
export const updateEmailTemplateAction = tenantAction(
  "invoice_settings.update",
  async (tenant, kind: string, _prev: EmailTemplateState, formData: FormData): Promise<EmailTemplateState> => {
    const values = formValues(formData);
    const saved = await updateEmailTemplate(tenant, kind, { subject: values.subject ?? "", message: values.message ?? "" });
    revalidatePath("/invoice-settings");
    return { saved: "saved", values: { subject: saved.subject, message: saved.message } };
  },
);

export const resetEmailTemplateAction = tenantAction(
  "invoice_settings.update",
  async (tenant, kind: string): Promise<EmailTemplateState> => {
    const t = await resetEmailTemplate(tenant, kind);
    revalidatePath("/invoice-settings");
    return { saved: "reset", values: { subject: t.subject, message: t.message } };
  },
);
