import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { bearerSecurity, errorResponses, IdParam, iso, json, jsonBody, listOf, money } from "@/platform/http-kit/openapi";
import { apiInput, snakeBodyToCamel } from "@/platform/http-kit/api-schema";
import { formatDecimal } from "@/lib/money";
import * as invoices from "./invoices.service";
import { getFacturxPdf } from "@/modules/einvoice/einvoice.service";
import { INVOICE_STATUSES } from "./invoice-lifecycle";
import { ATTACH_FORMATS, DELIVERY_STATUSES, sendInvoiceInput, type InvoiceDeliveryDto } from "./invoice-email.schemas";
import {
  createInvoiceInput,
  listInvoicesQuery,
  updateInvoiceInput,
  type Discount,
  type InvoiceDto,
  type InvoiceSummaryDto,
} from "./invoices.schemas";
import type { InvoiceLinkDto } from "./invoice-links";

const DiscountOut = z
  .object({
    kind: z.enum(["percent", "amount"]),
    value: z.string().openapi({ description: "Percent, or an amount in the invoice currency" }),
  })
  .nullable()
  .openapi("Discount");

function discountToApi(d: Discount | null, currency: string): z.infer<typeof DiscountOut> {
  if (!d) return null;
  return d.kind === "percent"
    ? { kind: "percent", value: formatDecimal(d.basisPoints, 2) }
    : { kind: "amount", value: money(d.minor, currency) };
}

const summaryShape = {
  id: z.uuid(),
  number: z.string().nullable().openapi({ description: "Assigned when the invoice is first sent" }),
  status: z.enum(INVOICE_STATUSES),
  client_id: z.uuid(),
  client_name: z.string(),
  currency: z.string(),
  issue_date: z.string(),
  due_date: z.string(),
  total: z.string(),
  amount_paid: z.string(),
  balance_due: z.string().meta({
    description: "What the invoice still owes: total less amount paid; always 0 for draft and void invoices, which owe nothing",
  }),
  created_at: z.string(),
  updated_at: z.string(),
};
export const InvoiceSummary = z.object(summaryShape).openapi("InvoiceSummary");

export const Invoice = z
  .object({
    ...summaryShape,
    notes: z.string().nullable(),
    buyer_reference: z.string().nullable(),
    purchase_order_reference: z.string().nullable(),
    discount: DiscountOut,
    subtotal: z.string(),
    discount_total: z.string(),
    tax_total: z.string(),
    lines: z.array(
      z.object({
        id: z.uuid(),
        position: z.number().int(),
        description: z.string(),
        quantity: z.string(),
        unit_code: z.string().openapi({ description: "UN/ECE Recommendation 20 unit code", example: "HUR" }),
        unit_price: z.string(),
        tax_rate_id: z.uuid().nullable(),
        tax_rate_name: z.string().nullable(),
        tax_rate: z.string(),
        vat_category: z.string().nullable().openapi({ description: "EN 16931 VAT category of the line's rate" }),
        exemption_reason: z.string().nullable(),
        discount: DiscountOut,
        net: z.string(),
        tax: z.string(),
      }),
    ),
    taxes: z.array(z.object({ tax_rate_id: z.string(), name: z.string(), rate: z.string(), taxable: z.string(), tax: z.string() })),
    duplicated_from_id: z.uuid().nullable(),
    sent_at: z.string().nullable(),
    paid_at: z.string().nullable(),
    voided_at: z.string().nullable(),
  })
  .openapi("Invoice");

export function invoiceSummaryToApi(i: InvoiceSummaryDto): z.infer<typeof InvoiceSummary> {
  return {
    id: i.id,
    number: i.number,
    status: i.status,
    client_id: i.clientId,
    client_name: i.clientName,
    currency: i.currency,
    issue_date: i.issueDate,
    due_date: i.dueDate,
    total: money(i.totalMinor, i.currency),
    amount_paid: money(i.amountPaidMinor, i.currency),
    balance_due: money(i.balanceDueMinor, i.currency),
    created_at: i.createdAt.toISOString(),
    updated_at: i.updatedAt.toISOString(),
  };
}

export function invoiceToApi(i: InvoiceDto): z.infer<typeof Invoice> {
  const m = (minor: number) => money(minor, i.currency);
  return {
    ...invoiceSummaryToApi(i),
    notes: i.notes,
    buyer_reference: i.buyerReference,
    purchase_order_reference: i.purchaseOrderReference,
    discount: discountToApi(i.discount, i.currency),
    subtotal: m(i.subtotalMinor),
    discount_total: m(i.discountMinor),
    tax_total: m(i.taxMinor),
    lines: i.lines.map((l) => ({
      id: l.id,
      position: l.position,
      description: l.description,
      quantity: formatDecimal(l.quantityMilli, 3),
      unit_code: l.unitCode,
      unit_price: m(l.unitPriceMinor),
      tax_rate_id: l.taxRateId,
      tax_rate_name: l.taxRateName,
      tax_rate: formatDecimal(l.taxRateMilliPercent, 3),
      vat_category: l.vatCategory,
      exemption_reason: l.exemptionReason,
      discount: discountToApi(l.discount, i.currency),
      net: m(l.netMinor),
      tax: m(l.taxMinor),
    })),
    taxes: i.taxes.map((x) => ({
      tax_rate_id: x.taxRateId,
      name: x.name,
      rate: formatDecimal(x.rateMilliPercent, 3),
      taxable: m(x.taxableMinor),
      tax: m(x.taxMinor),
    })),
    duplicated_from_id: i.duplicatedFromId,
    sent_at: iso(i.sentAt),
    paid_at: iso(i.paidAt),
    voided_at: iso(i.voidedAt),
  };
}

export const InvoiceDelivery = z
  .object({
    id: z.uuid(),
    invoice_id: z.uuid(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    subject: z.string(),
    message: z.string().openapi({ description: "As queued; `{link}` is filled in when the email is sent" }),
    attach_pdf: z.boolean(),
    attach_format: z.enum(ATTACH_FORMATS).openapi({ description: "`pdf`, or `facturx` (PDF/A-3 with the EN 16931 CII embedded)" }),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    last_error: z.string().nullable().openapi({ description: "Why the last attempt failed" }),
    sent_at: z.string().nullable(),
    created_by: z.string().openapi({ description: "Who queued it" }),
    created_at: z.string(),
    attempt_log: z.array(
      z.object({ attempt: z.number().int(), outcome: z.enum(["sent", "failed"]), error: z.string().nullable(), at: z.string() }),
    ),
  })
  .openapi("InvoiceDelivery");

export function deliveryToApi(d: InvoiceDeliveryDto): z.infer<typeof InvoiceDelivery> {
  return {
    id: d.id,
    invoice_id: d.invoiceId,
    to: d.to,
    cc: d.cc,
    subject: d.subject,
    message: d.message,
    attach_pdf: d.attachPdf,
    attach_format: d.attachFormat,
    status: d.status,
    attempts: d.attempts,
    last_error: d.lastError,
    sent_at: iso(d.sentAt),
    created_by: d.createdByLabel,
    created_at: d.createdAt.toISOString(),
    attempt_log: d.attemptLog.map((a) => ({ attempt: a.attempt, outcome: a.outcome, error: a.error, at: a.at.toISOString() })),
  };
}

const SendInvoice = apiInput(sendInvoiceInput, "SendInvoice");
const DeliveryParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  delivery_id: z.uuid().openapi({ param: { name: "delivery_id", in: "path" } }),
});

const CreateInvoice = apiInput(createInvoiceInput, "CreateInvoice");
const UpdateInvoice = apiInput(updateInvoiceInput, "UpdateInvoice");
const ListQuery = apiInput(listInvoicesQuery);

const tags = ["Invoices"];
const action = <P extends string>(permission: "invoice.send" | "invoice.void", op: string, path: P, description: string) =>
  ({
    permission,
    method: "post",
    path,
    operationId: op,
    tags,
    security: bearerSecurity,
    description,
    request: { params: IdParam },
    responses: { 200: json(Invoice, "The invoice after the action"), ...errorResponses },
  }) as const;

export const InvoiceLink = z
  .object({
    url: z
      .string()
      .nullable()
      .openapi({ description: "The public link (APP_URL/i/<token>) the client opens without signing in; null when the invoice has none" }),
    created_at: z.string().nullable(),
    first_viewed_at: z.string().nullable().openapi({ description: "When the client first opened this link" }),
    last_viewed_at: z.string().nullable(),
    view_count: z.number().int(),
  })
  .openapi("InvoiceLink");

function invoiceLinkToApi(l: InvoiceLinkDto): z.infer<typeof InvoiceLink> {
  return {
    url: l.url,
    created_at: iso(l.createdAt),
    first_viewed_at: iso(l.firstViewedAt),
    last_viewed_at: iso(l.lastViewedAt),
    view_count: l.viewCount,
  };
}

function registerInvoiceLinkRoutes(api: ApiOperations): void {
  const path = "/api/v1/invoices/{id}/link";
  api.operation(
    {
      permission: "invoice.read",
      method: "get",
      path,
      operationId: "getInvoiceLink",
      tags,
      security: bearerSecurity,
      description: "The invoice's public link and how often the client opened it. Sending an invoice creates its link.",
      request: { params: IdParam },
      responses: { 200: json(InvoiceLink, "The current link (url null when there is none)"), ...errorResponses },
    },
    async (c) => c.json(invoiceLinkToApi(await invoices.getInvoiceLink(c.get("tenant"), c.req.valid("param").id)), 200),
  );
  api.operation(
    {
      permission: "invoice_link.manage",
      method: "post",
      path,
      operationId: "regenerateInvoiceLink",
      tags,
      security: bearerSecurity,
      description: "Revokes the current public link (its URL answers 404 from now on) and creates a new one. Not for drafts (409).",
      request: { params: IdParam },
      responses: { 200: json(InvoiceLink, "The new link"), ...errorResponses },
    },
    async (c) => c.json(invoiceLinkToApi(await invoices.regenerateInvoiceLink(c.get("tenant"), c.req.valid("param").id)), 200),
  );
  api.operation(
    {
      permission: "invoice_link.manage",
      method: "delete",
      path,
      operationId: "revokeInvoiceLink",
      tags,
      security: bearerSecurity,
      description: "Revokes the current public link: its URL answers 404 from now on. 404 when the invoice has no live link.",
      request: { params: IdParam },
      responses: { 204: { description: "Revoked" }, ...errorResponses },
    },
    async (c) => {
      await invoices.revokeInvoiceLink(c.get("tenant"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}

export function registerInvoiceRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "invoice.read",
      method: "get",
      path: "/api/v1/invoices",
      operationId: "listInvoices",
      tags,
      security: bearerSecurity,
      request: { query: ListQuery },
      responses: {
        200: json(listOf(InvoiceSummary, "InvoiceList"), "Invoices in the asked order (newest first by default)"),
        ...errorResponses,
      },
    },
    async (c) => {
      const page = await invoices.listInvoices(c.get("tenant"), c.req.valid("query"));
      return c.json({ data: page.items.map(invoiceSummaryToApi), next_cursor: page.nextCursor }, 200);
    },
  );
  api.operation(
    {
      permission: "invoice.create",
      method: "post",
      path: "/api/v1/invoices",
      operationId: "createInvoice",
      tags,
      security: bearerSecurity,
      request: jsonBody(CreateInvoice),
      responses: { 201: json(Invoice, "The new draft"), ...errorResponses },
      explainRefusedBody: (raw, refused, c) => invoices.explainRefusedDraft(c.get("tenant"), snakeBodyToCamel(raw), refused),
    },
    async (c) => c.json(invoiceToApi(await invoices.createInvoice(c.get("tenant"), c.req.valid("json"))), 201),
  );
  api.operation(
    {
      permission: "invoice.read",
      method: "get",
      path: "/api/v1/invoices/{id}",
      operationId: "getInvoice",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 200: json(Invoice, "The invoice"), ...errorResponses },
    },
    async (c) => c.json(invoiceToApi(await invoices.getInvoice(c.get("tenant"), c.req.valid("param").id)), 200),
  );
  api.operation(
    {
      permission: "invoice.update",
      method: "patch",
      path: "/api/v1/invoices/{id}",
      operationId: "updateInvoice",
      tags,
      security: bearerSecurity,
      description: "Drafts only; `lines` replaces every line.",
      request: { params: IdParam, ...jsonBody(UpdateInvoice) },
      responses: { 200: json(Invoice, "Updated"), ...errorResponses },
      explainRefusedBody: (raw, refused, c) =>
        invoices.explainRefusedDraft(c.get("tenant"), snakeBodyToCamel(raw), refused, c.req.param("id")),
    },
    async (c) => c.json(invoiceToApi(await invoices.updateInvoice(c.get("tenant"), c.req.valid("param").id, c.req.valid("json"))), 200),
  );
  api.operation(
    {
      permission: "invoice.delete",
      method: "delete",
      path: "/api/v1/invoices/{id}",
      operationId: "deleteInvoice",
      tags,
      security: bearerSecurity,
      description: "Drafts only; sent invoices can be voided instead.",
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    },
    async (c) => {
      await invoices.deleteInvoice(c.get("tenant"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
  api.operation(
    {
      ...action(
        "invoice.send",
        "sendInvoice",
        "/api/v1/invoices/{id}/send",
        "Assigns the next number and marks the draft sent. With `email`, the invoice is also emailed: the email is queued " +
          "in the same transaction (a refused request changes nothing) and sent by a background job, with retries; follow it " +
          "with `GET /invoices/{id}/deliveries`. `subject` and `message` may use the placeholders `{invoice_number}`, " +
          "`{client_name}`, `{total}`, `{balance_due}`, `{due_date}`, `{workspace_name}` and `{link}`; any other `{name}` is " +
          "refused. An invoice already sent, overdue or paid can be emailed again by sending `email` (its status does not change). " +
          "Without a body, or without `email`, nothing is emailed.",
      ),
      request: { params: IdParam, body: { content: { "application/json": { schema: SendInvoice } }, required: false } },
    },
    async (c) => {
      const body = c.req.valid("json") as z.input<typeof sendInvoiceInput> | undefined;
      const sent = await invoices.sendInvoiceWithEmail(c.get("tenant"), c.req.valid("param").id, body ?? {});
      return c.json(invoiceToApi(sent.invoice), 200);
    },
  );
  api.operation(
    {
      permission: "invoice.read",
      method: "get",
      path: "/api/v1/invoices/{id}/deliveries",
      operationId: "listInvoiceDeliveries",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: {
        200: json(z.object({ data: z.array(InvoiceDelivery) }).openapi("InvoiceDeliveryList"), "The invoice's emails, newest first"),
        ...errorResponses,
      },
    },
    async (c) => c.json({ data: (await invoices.listInvoiceDeliveries(c.get("tenant"), c.req.valid("param").id)).map(deliveryToApi) }, 200),
  );
  api.operation(
    {
      permission: "invoice.send",
      method: "post",
      path: "/api/v1/invoices/{id}/deliveries/{delivery_id}/resend",
      operationId: "resendInvoiceEmail",
      tags,
      security: bearerSecurity,
      description: "Queues the same email (recipients, subject, message, attachment) again, as a new delivery.",
      request: { params: DeliveryParams },
      responses: { 202: json(InvoiceDelivery, "The new, queued delivery"), ...errorResponses },
    },
    async (c) => {
      const { id, delivery_id } = c.req.valid("param");
      return c.json(deliveryToApi(await invoices.resendInvoiceEmail(c.get("tenant"), id, delivery_id)), 202);
    },
  );
  api.operation(
    action("invoice.void", "voidInvoice", "/api/v1/invoices/{id}/void", "Voids a draft, sent or overdue invoice without payments."),
    async (c) => c.json(invoiceToApi(await invoices.voidInvoice(c.get("tenant"), c.req.valid("param").id)), 200),
  );
  api.operation(
    {
      permission: "invoice.read",
      method: "get",
      path: "/api/v1/invoices/{id}/pdf",
      operationId: "getInvoicePdf",
      tags,
      security: bearerSecurity,
      description:
        "`format=facturx`: Factur-X (EN 16931 profile), a PDF/A-3b with the CII e-invoice embedded as factur-x.xml; a 422 names any missing e-invoice field.",
      request: {
        params: IdParam,
        query: z.object({ format: z.enum(["pdf", "facturx"]).default("pdf").openapi({ description: "pdf, or facturx for Factur-X" }) }),
      },
      responses: {
        200: { content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } }, description: "The invoice as PDF" },
        ...errorResponses,
      },
    },
    async (c) => {
      const { id } = c.req.valid("param");
      const { filename, pdf } =
        c.req.valid("query").format === "facturx"
          ? await getFacturxPdf(c.get("tenant"), id)
          : await invoices.getInvoicePdf(c.get("tenant"), id);
      return c.body(new Uint8Array(pdf), 200, {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${filename}"`,
      });
    },
  );
  registerInvoiceLinkRoutes(api);
}
