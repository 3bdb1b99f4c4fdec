import { z } from "@hono/zod-openapi";
import { currencySchema } from "@/modules/clients/clients.schemas";
import { optionalText as sharedOptionalText } from "@/lib/schemas";
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
};

export const updateInvoiceSettingsInput = z
  .strictObject({
    ...invoiceSettingsFields,
    senderLegalName: senderFields.legalName,
    senderAddress: senderFields.address,
    senderTaxId: senderFields.taxId,
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
}
