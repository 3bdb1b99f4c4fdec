import { z } from "zod";
import { isoDate, optionalText } from "@/lib/schemas";

export const PAYMENT_METHODS = ["bank_transfer", "card", "cash", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const recordPaymentInput = z.strictObject({
  amount: z.union([z.string(), z.number()], { error: "Enter an amount" }).transform((v) => String(v).trim()),
  paidOn: isoDate,
  method: z.enum(PAYMENT_METHODS, { error: "Choose bank transfer, card, cash or other" }),
  reference: optionalText("Reference", 200),
});

export interface PaymentDto {
  id: string;
  invoiceId: string;
  amountMinor: number;
  /** The invoice's currency, which the amount is in. */
  currency: string;
  paidOn: string;
  method: string;
  reference: string | null;
  createdAt: Date;
}
