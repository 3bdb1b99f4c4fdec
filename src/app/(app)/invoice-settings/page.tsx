import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { can } from "@/platform/permissions";
import { getInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import { InvoiceSettingsForm } from "./invoice-settings-form";
import { listEmailTemplates } from "@/modules/email-templates/email-templates.service";
import { EmailTemplateForm } from "./email-template-form";
import "../invoices/invoices.css";

export const metadata = { title: "Invoice settings" };

export default async function InvoiceSettingsPage() {
  const tenant = await requireTenant();
  const s = await getInvoiceSettings(tenant);
  const templates = await listEmailTemplates(tenant);
  return (
    <>
      <h1>Invoice settings</h1>
      <p>
        <Link href="/reminders">Payment reminders →</Link>
      </p>
      <InvoiceSettingsForm
        readOnly={!can(tenant.role, "invoice_settings.update")}
        nextNumber={s.nextNumber}
        initial={{
          defaultCurrency: s.defaultCurrency,
          numberPrefix: s.numberPrefix,
          numberPadding: String(s.numberPadding),
          paymentTermsDays: String(s.paymentTermsDays),
          senderLegalName: s.senderLegalName ?? "",
          senderAddress: s.senderAddress ?? "",
          senderTaxId: s.senderTaxId ?? "",
          senderStreet: s.senderStreet ?? "",
          senderCity: s.senderCity ?? "",
          senderPostcode: s.senderPostcode ?? "",
          senderCountryCode: s.senderCountryCode ?? "",
          senderVatId: s.senderVatId ?? "",
          senderRegistrationId: s.senderRegistrationId ?? "",
          senderEndpointId: s.senderEndpointId ?? "",
          senderEndpointScheme: s.senderEndpointScheme ?? "",
          bankAccountHolder: s.bankAccountHolder ?? "",
          bankIban: s.bankIban ?? "",
          bankBic: s.bankBic ?? "",
          paymentInstructions: s.paymentInstructions ?? "",
          paymentUrl: s.paymentUrl ?? "",
        }}
      />
      {templates.map((t) => (
        <EmailTemplateForm
          key={t.kind}
          kind={t.kind}
          subject={t.subject}
          message={t.message}
          customized={t.customized}
          readOnly={!can(tenant.role, "invoice_settings.update")}
        />
      ))}
    </>
  );
}
