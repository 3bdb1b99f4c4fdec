import { z } from "@hono/zod-openapi";
import { messageText, subjectText } from "@/modules/email-templates/email-templates.schemas";

/** What an invoice email can attach: the usual PDF, or Factur-X (the PDF with its e-invoice inside). */
export const ATTACH_FORMATS = ["pdf", "facturx"] as const;
export type AttachFormat = (typeof ATTACH_FORMATS)[number];

/** At most this many addresses in To and Cc together. */
export const MAX_RECIPIENTS = 20;
const ADDRESS_MAX = 254;

/** One email address (each is checked on its own, so an error names its position in the list). */
const address = z
  .string({ error: "Enter an email address" })
  .trim()
  .max(ADDRESS_MAX, `An email address has at most ${ADDRESS_MAX} characters`)
  .superRefine((v, ctx) => {
    if (!z.email().safeParse(v).success) ctx.addIssue({ code: "custom", message: `Not a valid email address: ${v.slice(0, 80)}` });
  });

/** The email sent with an invoice: recipients, subject and message (placeholders filled in), and whether the PDF is attached. */
export const invoiceEmailInput = z.strictObject({
  to: z
    .array(address)
    .min(1, "Add at least one recipient")
    .max(MAX_RECIPIENTS, `At most ${MAX_RECIPIENTS} recipients`)
    .meta({ description: "The recipients' addresses (1–20)" }),
  cc: z
    .array(address)
    .max(MAX_RECIPIENTS, `At most ${MAX_RECIPIENTS} recipients`)
    .optional()
    .meta({ description: "Copies (To and Cc together at most 20)" }),
  subject: subjectText(),
  message: messageText(),
  attachPdf: z.boolean().optional().meta({ description: "Attach the invoice PDF (default true)" }),
  attachFormat: z.enum(ATTACH_FORMATS, { error: "Choose the usual PDF or Factur-X" }).optional().meta({
    description:
      "The attached PDF: `pdf` (default) or `facturx`, a PDF/A-3 with the EN 16931 CII e-invoice embedded (refused with 422 when the invoice lacks what an e-invoice needs)",
  }),
});
export type InvoiceEmailFields = z.input<typeof invoiceEmailInput>;

/**
 * Sending an invoice (`POST /invoices/{id}/send`, the send dialog): without `email` the draft is marked
 * sent and nothing is emailed; with it, the email is queued in the same transaction. An invoice already
 * sent may be emailed again (with `email` only).
 */
export const sendInvoiceInput = z.strictObject({ email: invoiceEmailInput.optional() }).superRefine((v, ctx) => {
  const n = (v.email?.to.length ?? 0) + (v.email?.cc?.length ?? 0);
  if (n > MAX_RECIPIENTS)
    ctx.addIssue({
      code: "custom",
      path: ["email", "cc"],
      message: `At most ${MAX_RECIPIENTS} recipients in To and Cc together (${n} given)`,
    });
});
export type SendInvoiceFields = z.input<typeof sendInvoiceInput>;

export const DELIVERY_STATUSES = ["queued", "sent", "failed", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttemptDto {
  attempt: number;
  outcome: "sent" | "failed";
  error: string | null;
  at: Date;
}

export interface InvoiceDeliveryDto {
  id: string;
  invoiceId: string;
  to: string[];
  cc: string[];
  subject: string;
  /** The message as queued; `{link}` is filled in when it is sent. */
  message: string;
  attachPdf: boolean;
  attachFormat: AttachFormat;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  createdByLabel: string;
  createdAt: Date;
  attemptLog: DeliveryAttemptDto[];
}

/** What the send dialog starts with: the client's address and the template filled in with what is known. */
export interface InvoiceEmailDraft {
  to: string[];
  subject: string;
  message: string;
}
