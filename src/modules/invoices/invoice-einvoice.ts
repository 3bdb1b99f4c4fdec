/**
 * E-invoices of a stored invoice, inside the caller's transaction (the e-invoice module's downloads and the
 * invoice email's Factur-X attachment). The EN 16931 mapping itself is the e-invoice module's (pure).
 */
import type { TenantScope } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { clientInScope } from "@/modules/clients/clients.service";
import { settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import { buildEinvoiceModel, EinvoiceNotReady, type EinvoiceFormat, type EinvoiceModel } from "@/modules/einvoice/einvoice-model";
import { renderCii } from "@/modules/einvoice/cii";
import { loadInvoice, renderStoredInvoicePdf } from "./invoice-read";

/**
 * The EN 16931 model of a stored invoice inside the caller's transaction: the invoice as stored, its client
 * as it is now (the buyer), the workspace's invoice settings (the seller). Missing data is a 422 naming
 * every field (`seller.vatId`, `buyer.countryCode`, `lines.0.taxRateId`, …); no file is made.
 */
export async function einvoiceModelIn(t: TenantScope, id: string, format: EinvoiceFormat, workspaceName: string): Promise<EinvoiceModel> {
  const invoice = await loadInvoice(t, id);
  if (!invoice) throw AppError.notFound("Invoice");
  const client = await clientInScope(t, invoice.clientId);
  if (!client) throw AppError.notFound("Client");
  const s = await settingsInScope(t);
  try {
    return buildEinvoiceModel(
      format,
      invoice,
      {
        legalName: s.senderLegalName ?? workspaceName,
        street: s.senderStreet,
        city: s.senderCity,
        postcode: s.senderPostcode,
        countryCode: s.senderCountryCode,
        vatId: s.senderVatId,
        taxId: s.senderTaxId,
        registrationId: s.senderRegistrationId,
        endpointId: s.senderEndpointId,
        endpointScheme: s.senderEndpointScheme,
        iban: s.bankIban,
        bic: s.bankBic,
        accountHolder: s.bankAccountHolder,
      },
      client,
    );
  } catch (err) {
    if (err instanceof EinvoiceNotReady) {
      throw new AppError("validation_failed", "This invoice lacks what an EN 16931 e-invoice requires", err.fieldErrors);
    }
    throw err;
  }
}

/**
 * The invoice as a Factur-X PDF (EN 16931 profile): the usual PDF as PDF/A-3b with the CII e-invoice embedded
 * as `factur-x.xml`, or the 422 of einvoiceModelIn naming what is missing.
 */
export async function facturxPdfIn(t: TenantScope, id: string, workspaceName: string): Promise<{ filename: string; pdf: Buffer }> {
  const model = await einvoiceModelIn(t, id, "cii", workspaceName);
  const invoice = (await loadInvoice(t, id))!;
  const client = await clientInScope(t, invoice.clientId);
  const settings = await settingsInScope(t);
  const { filename, pdf } = await renderStoredInvoicePdf({ invoice, client, settings }, workspaceName, renderCii(model));
  return { filename: filename.replace(/\.pdf$/, ".facturx.pdf"), pdf };
}
