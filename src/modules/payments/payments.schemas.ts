import { z } from "@hono/zod-openapi";
import { pageQuery } from "@/platform/pagination";
import { isoDate, optionalText } from "@/lib/schemas";

import { PAYMENT_METHODS } from "./payment-methods";

export { PAYMENT_METHODS, type PaymentMethod } from "./payment-methods";

export const recordPaymentInput = z.strictObject({
  amount: z
    .union([z.string().max(40), z.number()], { error: "Enter an amount" })
    .meta({ example: "1250.50" })
    .transform((v) => String(v).trim()),
  paidOn: isoDate,
  method: z.enum(PAYMENT_METHODS, { error: "Choose bank transfer, card, cash or other" }),
  reference: optionalText("Reference", 200),
});
export type RecordPaymentFields = z.input<typeof recordPaymentInput>;

export const listPaymentsQuery = z.object(pageQuery);

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
