import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { bearerSecurity, errorResponses, IdParam, json, jsonBody, listOf, money } from "@/platform/http-kit/openapi";
import { apiInput } from "@/platform/http-kit/api-schema";
import * as payments from "./payments.service";
import { listPaymentsQuery, PAYMENT_METHODS, recordPaymentInput, type PaymentDto } from "./payments.schemas";

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

const RecordPayment = apiInput(recordPaymentInput, "RecordPayment");
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
      request: { params: IdParam, query: apiInput(listPaymentsQuery) },
      responses: { 200: json(listOf(Payment, "PaymentList"), "Payments, oldest first"), ...errorResponses },
    },
    async (c) => {
      const page = await payments.listPaymentsPage(c.get("tenant"), c.req.valid("param").id, c.req.valid("query"));
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
      const payment = await payments.recordPayment(c.get("tenant"), c.req.valid("param").id, c.req.valid("json"));
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
