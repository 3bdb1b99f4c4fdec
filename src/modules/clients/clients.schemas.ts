import { z } from "zod";
import { pageQuery } from "@/server/pagination";
import { displayText } from "@/modules/workspaces/workspaces.schemas";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const currencySchema = z
  .string({ error: "Currency is required" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 code, e.g. EUR")
  .refine((c) => CURRENCIES.has(c), "Unknown currency code");

/** Optional free text: blank becomes null; line breaks and tabs allowed, other control characters not. */
function optionalText(label: string, max: number, multiline: boolean) {
  const forbidden = multiline ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/;
  return z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .refine((v) => !forbidden.test(v), `${label} must not contain control characters`)
    .nullish()
    .transform((v) => (v ? v : null));
}

const optionalEmail = z
  .string()
  .trim()
  .max(254, "Email must be at most 254 characters")
  .refine((v) => v === "" || z.email().safeParse(v).success, "Enter a valid email address")
  .nullish()
  .transform((v) => (v ? v.toLowerCase() : null));

const clientFields = {
  name: displayText("Name", 200),
  email: optionalEmail,
  billingAddress: optionalText("Billing address", 1000, true),
  taxId: optionalText("Tax id", 64, false),
  currency: currencySchema,
  notes: optionalText("Notes", 5000, true),
};

export const createClientInput = z.strictObject(clientFields);
export type CreateClientInput = z.infer<typeof createClientInput>;

/** Partial update: only the fields present change. */
export const updateClientInput = z
  .strictObject(clientFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");
export type UpdateClientInput = z.infer<typeof updateClientInput>;

export const CLIENT_STATUSES = ["active", "archived", "all"] as const;

export const listClientsQuery = z.object({
  q: z.string().trim().max(200, "Search must be at most 200 characters").optional().transform((v) => v || undefined),
  status: z.enum(CLIENT_STATUSES).default("active"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListClientsQuery = z.infer<typeof listClientsQuery>;

/** The API's cursor-paginated list (newest first). */
export const listClientsPageQuery = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  status: z.enum(CLIENT_STATUSES).default("active"),
  ...pageQuery,
});

export interface ClientDto {
  id: string;
  name: string;
  email: string | null;
  billingAddress: string | null;
  taxId: string | null;
  currency: string;
  notes: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClientPage {
  items: ClientDto[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}
