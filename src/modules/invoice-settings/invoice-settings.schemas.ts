import { z } from "@hono/zod-openapi";
import { currencySchema } from "@/modules/clients/clients.schemas";
import { isStorableText, optionalText as sharedOptionalText, UNSTORABLE_MESSAGE } from "@/lib/schemas";
import { countryCodeSchema, endpointIdSchema, endpointSchemeSchema, vatIdSchema } from "@/lib/einvoice-schemas";
import { bicProblem, compactCode, ibanProblem, PAYMENT_LIMITS, paymentUrlProblem } from "./payment-instructions";
import { NUMBER_PREFIX_CHARACTERS, NUMBER_PREFIX_PATTERN } from "./invoice-number";

const optionalText = (label: string, max: number) => sharedOptionalText(label, max, { multiline: true });

/** The numbering and terms settings (numbers are numbers: forms convert their text first). */
export const invoiceSettingsFields = {
  defaultCurrency: currencySchema,
  numberPrefix: z
    .string()
    .max(20, "Prefix must be at most 20 characters")
    .regex(NUMBER_PREFIX_PATTERN, `Use only ${NUMBER_PREFIX_CHARACTERS}`)
    .meta({ description: `Up to 20 characters: ${NUMBER_PREFIX_CHARACTERS}` }),
  numberPadding: z.number().int("Use a whole number").min(1, "At least 1 digit").max(10, "At most 10 digits"),
  paymentTermsDays: z.number().int("Use a whole number of days").min(0, "Terms cannot be negative").max(365, "At most 365 days"),
};

/** The sender printed on invoices. */
export const senderFields = {
  legalName: optionalText("Legal name", 200),
  address: optionalText("Address", 1000),
  taxId: optionalText("Tax id", 64),
  // The seller in e-invoices (EN 16931 BG-4): optional until an e-invoice is made.
  street: sharedOptionalText("Street", 200),
  city: sharedOptionalText("City", 100),
  postcode: sharedOptionalText("Postcode", 20),
  countryCode: countryCodeSchema,
  vatId: vatIdSchema,
  registrationId: sharedOptionalText("Legal registration id", 100),
  endpointId: endpointIdSchema,
  endpointScheme: endpointSchemeSchema,
};

/**
 * An optional code or address checked by `problem` (on the value as `normalise` makes it): blank
 * becomes null, anything else is stored normalised.
 */
function optionalChecked(label: string, max: number, normalise: (v: string) => string, problem: (v: string) => string | undefined) {
  return z
    .string()
    .max(max, `${label} must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      if (v.length > max) return; // the length's message is the one that matters
      if (!isStorableText(v)) return void ctx.addIssue({ code: "custom", message: `${label} ${UNSTORABLE_MESSAGE}` });
      const value = normalise(v);
      const message = value ? problem(value) : undefined;
      if (message) ctx.addIssue({ code: "custom", message });
    })
    .nullish()
    .transform((v) => (v ? normalise(v) || null : null));
}

/** How clients pay: printed on the PDF and the public invoice page, and in emails. All optional. */
export const paymentFields = {
  accountHolder: optionalText("Account holder", PAYMENT_LIMITS.accountHolder),
  iban: optionalChecked("IBAN", PAYMENT_LIMITS.iban, compactCode, ibanProblem),
  bic: optionalChecked("BIC/SWIFT", PAYMENT_LIMITS.bic, compactCode, bicProblem),
  instructions: optionalText("How to pay", PAYMENT_LIMITS.instructions),
  url: optionalChecked("Payment URL", PAYMENT_LIMITS.url, (v) => v.trim(), paymentUrlProblem),
};

export const updateInvoiceSettingsInput = z
  .strictObject({
    ...invoiceSettingsFields,
    senderLegalName: senderFields.legalName,
    senderAddress: senderFields.address,
    senderTaxId: senderFields.taxId,
    senderStreet: senderFields.street,
    senderCity: senderFields.city,
    senderPostcode: senderFields.postcode,
    senderCountryCode: senderFields.countryCode,
    senderVatId: senderFields.vatId,
    senderRegistrationId: senderFields.registrationId,
    senderEndpointId: senderFields.endpointId,
    senderEndpointScheme: senderFields.endpointScheme,
    bankAccountHolder: paymentFields.accountHolder,
    bankIban: paymentFields.iban,
    bankBic: paymentFields.bic,
    paymentInstructions: paymentFields.instructions,
    paymentUrl: paymentFields.url,
  })
  .partial();
export type InvoiceSettingsFields = z.input<typeof updateInvoiceSettingsInput>;

export interface InvoiceSettingsDto {
  defaultCurrency: string;
  numberPrefix: string;
  numberPadding: number;
  nextNumber: number;
  paymentTermsDays: number;
  senderLegalName: string | null;
  senderAddress: string | null;
  senderTaxId: string | null;
  senderStreet: string | null;
  senderCity: string | null;
  senderPostcode: string | null;
  senderCountryCode: string | null;
  senderVatId: string | null;
  senderRegistrationId: string | null;
  senderEndpointId: string | null;
  senderEndpointScheme: string | null;
  bankAccountHolder: string | null;
  bankIban: string | null;
  bankBic: string | null;
  paymentInstructions: string | null;
  paymentUrl: string | null;
}
