import { z } from "@hono/zod-openapi";
import { pageQuery } from "@/platform/pagination";
import { optionalText, requiredText, searchText } from "@/lib/schemas";
import { countryCodeSchema, endpointIdSchema, endpointSchemeSchema, vatIdSchema } from "@/lib/einvoice-schemas";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const currencySchema = z
  .string({ error: "Currency is required" })
  .trim()
  .toUpperCase()
  .max(10)
  .regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 code, e.g. EUR")
  .refine((c) => CURRENCIES.has(c), "Unknown currency code");

const optionalEmail = z
  .string()
  .trim()
  .max(254, "Email must be at most 254 characters")
  .refine((v) => v === "" || z.email().safeParse(v).success, "Enter a valid email address")
  .nullish()
  .transform((v) => (v ? v.toLowerCase() : null));

const clientFields = {
  name: requiredText("Name", 200),
  email: optionalEmail,
  billingAddress: optionalText("Billing address", 1000, { multiline: true }),
  taxId: optionalText("Tax id", 64),
  // The buyer in e-invoices (EN 16931 BG-7): optional until an e-invoice is made.
  street: optionalText("Street", 200),
  city: optionalText("City", 100),
  postcode: optionalText("Postcode", 20),
  countryCode: countryCodeSchema,
  vatId: vatIdSchema,
  endpointId: endpointIdSchema,
  endpointScheme: endpointSchemeSchema,
  currency: currencySchema,
  notes: optionalText("Notes", 5000, { multiline: true }),
};

/** The one schema of a new client: the API (in snake_case), the form and the service. */
export const createClientInput = z.strictObject(clientFields);
export type CreateClientInput = z.infer<typeof createClientInput>;
export type CreateClientFields = z.input<typeof createClientInput>;

/** Partial update: only the fields present change; `archived` archives (true) or restores (false) in the same transaction. */
export const updateClientInput = z
  .strictObject({
    ...clientFields,
    archived: z.boolean({ error: "archived is true or false" }).meta({ description: "Archive (true) or restore (false)" }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");
export type UpdateClientInput = z.infer<typeof updateClientInput>;

export const CLIENT_STATUSES = ["active", "archived", "all"] as const;
/** The list's orders: creation time, the name or the email (case-insensitively); ties go by creation time. */
export const CLIENT_SORTS = ["created_at", "name", "email"] as const;
export type ClientSort = (typeof CLIENT_SORTS)[number];

/** The one list query (newest first unless asked otherwise, keyset-paged): the API's and the clients page's. */
export const listClientsQuery = z.object({
  q: searchText("Search", 200).meta({
    description: 'A part of the name, email or tax id; accents and letter case are ignored ("angstrom" finds "Ångström")',
  }),
  status: z.enum(CLIENT_STATUSES).default("active"),
  sort: z.enum(CLIENT_SORTS).default("created_at").meta({ description: "The column to sort by; ties go by creation time" }),
  dir: z.enum(["asc", "desc"]).default("desc"),
  ...pageQuery,
});
export type ListClientsQuery = z.infer<typeof listClientsQuery>;

export interface ClientDto {
  id: string;
  name: string;
  email: string | null;
  billingAddress: string | null;
  taxId: string | null;
  street: string | null;
  city: string | null;
  postcode: string | null;
  countryCode: string | null;
  vatId: string | null;
  endpointId: string | null;
  endpointScheme: string | null;
  currency: string;
  notes: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A client as a select list offers it. */
export type ClientChoice = Pick<ClientDto, "id" | "name" | "currency" | "archivedAt">;
