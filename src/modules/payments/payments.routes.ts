import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import {
  ApiDate,
  bearerSecurity,
  DecimalInput,
  errorResponses,
  IdParam,
  json,
  jsonBody,
  listOf,
  money,
  pageParams,
} from "@/platform/http-kit/openapi";
import { pageInMemory } from "@/platform/pagination";
import { apiText } from "@/lib/schemas";
import * as payments from "./payments.service";
import { PAYMENT_METHODS, type PaymentDto } from "./payments.schemas";

export const Payment = z
  .object({
    id: z.uuid(),
    invoice_id: z.uuid(),
    amount: z.string(),
    currency: z.string(),
    paid_on: z.string(),
    method: z.enum(PAYMENT_METHODS),
    reference: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Payment");

function paymentToApi(p: PaymentDto): z.infer<typeof Payment> {
  return {
    id: p.id,
    invoice_id: p.invoiceId,
    amount: money(p.amountMinor, p.currency),
    currency: p.currency,
    paid_on: p.paidOn,
    method: p.method as (typeof PAYMENT_METHODS)[number],
    reference: p.reference,
    created_at: p.createdAt.toISOString(),
  };
}

const RecordPayment = z
  .strictObject({
    amount: DecimalInput,
    paid_on: ApiDate,
    method: z.enum(PAYMENT_METHODS),
    reference: apiText(10_000).nullable().optional(),
  })
  .openapi("RecordPayment");
const tags = ["Payments"];

export function registerPaymentRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "payment.read",
      method: "get",
      path: "/api/v1/invoices/{id}/payments",
      operationId: "listPayments",
      tags,
      security: bearerSecurity,
      request: { params: IdParam, query: z.object(pageParams) },
      responses: { 200: json(listOf(Payment, "PaymentList"), "Payments, oldest first"), ...errorResponses },
    },
    async (c) => {
      const ctx = c.get("tenant");
      const { id } = c.req.valid("param");
      const q = c.req.valid("query");
      const page = pageInMemory(
        "payments",
        await payments.listPayments(ctx, id),
        (p) => ({ createdAt: p.createdAt, id: p.id }),
        q.limit,
        q.cursor,
      );
      return c.json({ data: page.items.map(paymentToApi), next_cursor: page.nextCursor }, 200);
    },
  );
  api.operation(
    {
      permission: "payment.record",
      method: "post",
      path: "/api/v1/invoices/{id}/payments",
      operationId: "recordPayment",
      tags,
      security: bearerSecurity,
      description: "Against a sent or overdue invoice; more than the balance due is refused; reaching zero marks it paid.",
      request: { params: IdParam, ...jsonBody(RecordPayment) },
      responses: { 201: json(Payment, "Recorded"), ...errorResponses },
    },
    async (c) => {
      const ctx = c.get("tenant");
      const { id } = c.req.valid("param");
      const b = c.req.valid("json");
      const payment = await payments.recordPayment(ctx, id, {
        amount: b.amount,
        paidOn: b.paid_on,
        method: b.method,
        reference: b.reference,
      });
      return c.json(paymentToApi(payment), 201);
    },
  );
  api.operation(
    {
      permission: "payment.delete",
      method: "delete",
      path: "/api/v1/payments/{id}",
      operationId: "deletePayment",
      tags,
      security: bearerSecurity,
      description: "Re-opens the balance (and a paid invoice's status).",
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    },
    async (c) => {
      await payments.deletePayment(c.get("tenant"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
