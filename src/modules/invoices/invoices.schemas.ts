import { z } from "@hono/zod-openapi";
import { pageQuery } from "@/platform/pagination";
import { currencySchema } from "@/modules/clients/clients.schemas";
import { isoDate, isoDateTime, optionalText, requiredText, searchText } from "@/lib/schemas";
import { unitCodeSchema } from "@/lib/einvoice-schemas";
import type { VatCategory } from "@/lib/einvoice-codes";
import { INVOICE_STATUSES, type InvoiceAction, type InvoiceStatus } from "./invoice-lifecycle";

const decimalText = z
  .union([z.string().max(40), z.number()], { error: "Enter a number" })
  .meta({ example: "1250.50" })
  .transform((v) => String(v).trim());

/** A discount as typed: a percentage (0–100, up to 2 decimals) or an amount in the invoice currency. */
export const discountInput = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("percent"), value: decimalText }),
    z.strictObject({ kind: z.literal("amount"), value: decimalText }),
  ])
  .nullish()
  .transform((v) => v ?? null);
export type DiscountInput = z.infer<typeof discountInput>;

export const lineInput = z.strictObject({
  description: requiredText("Description", 2000, { multiline: true }),
  quantity: decimalText,
  unitCode: unitCodeSchema.optional(),
  unitPrice: decimalText,
  taxRateId: z
    .uuid("Unknown tax rate")
    .nullish()
    .transform((v) => v ?? null),
  discount: discountInput,
});
export type LineInput = z.infer<typeof lineInput>;

export const MAX_LINES = 500;

const invoiceFields = {
  clientId: z.uuid("Choose a client"),
  currency: currencySchema,
  issueDate: isoDate,
  dueDate: isoDate.meta({ description: "Defaults to the issue date plus the workspace's payment terms" }),
  notes: optionalText("Notes", 5000, { multiline: true }),
  buyerReference: optionalText("Buyer reference", 200).meta({ description: "EN 16931 BT-10, e.g. the Leitweg-ID in Germany" }),
  purchaseOrderReference: optionalText("Purchase order reference", 200).meta({ description: "EN 16931 BT-13" }),
  discount: discountInput,
  lines: z.array(lineInput).max(MAX_LINES, `At most ${MAX_LINES} lines`),
};

/** Creating a draft: a client is required; currency, dates and lines have defaults. */
export const createInvoiceInput = z.strictObject(invoiceFields).partial().required({ clientId: true });
/** Editing a draft: only the given fields change; `lines` replaces all lines. */
export const updateInvoiceInput = z
  .strictObject(invoiceFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");
export type InvoiceInput = z.infer<typeof updateInvoiceInput>;
export type CreateInvoiceFields = z.input<typeof createInvoiceInput>;
export type UpdateInvoiceFields = z.input<typeof updateInvoiceInput>;

export const INVOICE_SORTS = ["issue_date", "due_date", "number", "total", "client", "status", "created_at"] as const;

const statusList = z
  .union([z.enum(INVOICE_STATUSES), z.array(z.enum(INVOICE_STATUSES)), z.string().max(200)])
  .meta({ description: "One status or a comma-separated list", example: "sent,overdue" })
  .transform((v, ctx) => {
    const list = Array.isArray(v)
      ? v
      : String(v)
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
    for (const s of list) {
      if (!(INVOICE_STATUSES as readonly string[]).includes(s)) {
        ctx.addIssue({ code: "custom", message: `Unknown status "${s}"` });
        return z.NEVER;
      }
    }
    return list as InvoiceStatus[];
  });

const invoiceFilters = {
  status: statusList.optional(),
  clientId: z.uuid("Unknown client").optional(),
  issuedFrom: isoDate.optional(),
  issuedTo: isoDate.optional(),
  updatedSince: isoDateTime.optional(),
  q: searchText("Search", 100),
};

const invoiceOrder = {
  sort: z.enum(INVOICE_SORTS).default("created_at").meta({ description: "The column to sort by; ties go by creation time" }),
  dir: z.enum(["asc", "desc"]).default("desc"),
};

const rangeInOrder = <T extends { issuedFrom?: string; issuedTo?: string }>(v: T) =>
  !v.issuedFrom || !v.issuedTo || v.issuedFrom <= v.issuedTo;
const reversedRange = { message: "The start date is after the end date", path: ["issuedTo"] };

/**
 * The one invoice list, for the API and the page alike: filters, an order (newest first unless asked
 * otherwise), keyset-paged by a cursor signed for that order.
 */
export const listInvoicesQuery = z.object({ ...invoiceFilters, ...invoiceOrder, ...pageQuery }).refine(rangeInOrder, reversedRange);

/** The CSV export: the list's filters and order, every row (bounded by the service). */
export const exportInvoicesQuery = z.object({ ...invoiceFilters, ...invoiceOrder }).refine(rangeInOrder, reversedRange);
export type ListInvoicesQuery = z.infer<typeof exportInvoicesQuery>;
export type InvoiceSort = (typeof INVOICE_SORTS)[number];

export type Discount = { kind: "percent"; basisPoints: number } | { kind: "amount"; minor: number };

export interface InvoiceSummaryDto {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  clientId: string;
  clientName: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  totalMinor: number;
  amountPaidMinor: number;
  balanceDueMinor: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface InvoiceLineDto {
  id: string;
  position: number;
  description: string;
  quantityMilli: number;
  /** UN/ECE Recommendation 20 unit code. */
  unitCode: string;
  unitPriceMinor: number;
  taxRateId: string | null;
  taxRateName: string | null;
  taxRateMilliPercent: number;
  /** The rate's VAT category and exemption reason when the line was written (null without a rate). */
  vatCategory: VatCategory | null;
  exemptionReason: string | null;
  discount: Discount | null;
  netMinor: number;
  taxMinor: number;
}

export interface InvoiceTaxDto {
  taxRateId: string;
  name: string;
  rateMilliPercent: number;
  taxableMinor: number;
  taxMinor: number;
}

export interface InvoiceDto extends InvoiceSummaryDto {
  notes: string | null;
  buyerReference: string | null;
  purchaseOrderReference: string | null;
  discount: Discount | null;
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  lines: InvoiceLineDto[];
  taxes: InvoiceTaxDto[];
  duplicatedFromId: string | null;
  sentAt: Date | null;
  paidAt: Date | null;
  voidedAt: Date | null;
  allowedActions: InvoiceAction[];
}
