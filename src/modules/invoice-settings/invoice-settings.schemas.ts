import { z } from "zod";
import { currencySchema } from "@/modules/clients/clients.schemas";
import { optionalText as sharedOptionalText } from "@/lib/schemas";

const optionalText = (label: string, max: number) => sharedOptionalText(label, max, { multiline: true });

export const updateInvoiceSettingsInput = z
  .strictObject({
    defaultCurrency: currencySchema,
    numberPrefix: z
      .string()
      .max(20, "Prefix must be at most 20 characters")
      .regex(/^[A-Za-z0-9\-_/.#]*$/, "Use letters, digits and - _ / . # only"),
    numberPadding: z.coerce.number().int("Use a whole number").min(1, "At least 1 digit").max(10, "At most 10 digits"),
    paymentTermsDays: z.coerce.number().int("Use a whole number of days").min(0, "Terms cannot be negative").max(365, "At most 365 days"),
    senderLegalName: optionalText("Legal name", 200),
    senderAddress: optionalText("Address", 1000),
    senderTaxId: optionalText("Tax id", 64),
  })
  .partial();

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
