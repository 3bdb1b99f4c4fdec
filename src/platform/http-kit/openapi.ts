import { z } from "@hono/zod-openapi";
import { toDecimalString, currencyExponent } from "@/lib/money";
import { apiDate, apiDateTime, apiText, DATE_RANGE_MESSAGE } from "@/lib/schemas";

/** Shared API building blocks: problem documents, ids, cursor lists, decimal money. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: "validation_failed" }),
    errors: z.record(z.string(), z.array(z.string())).optional().openapi({ description: "Field path → messages" }),
  })
  .openapi("Problem");

const problem = (description: string) => ({ content: { "application/problem+json": { schema: Problem } }, description });

/** The error answers every authenticated route can give. */
export const errorResponses = {
  400: problem("Malformed request: bad JSON, unknown fields, or values of the wrong shape"),
  401: problem("No credentials, or an unknown, revoked or expired API key"),
  403: problem("Your role may not do this"),
  404: problem("No such resource in this workspace"),
  409: problem("Conflicts with the resource's current state"),
  413: problem("Body larger than 1 MB"),
  415: problem("Body is not application/json"),
  422: problem("Valid JSON, but the values break a rule"),
  429: problem("Rate limit exceeded; see Retry-After"),
  503: problem("The database stayed busy (conflicting changes kept colliding); retry after Retry-After seconds"),
} as const;

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

export const pageParams = {
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ description: "At most 100" }),
  cursor: apiText(500)
    .optional()
    .openapi({ description: "next_cursor of the previous page (opaque and signed: only cursors this API made are accepted)" }),
};

export function listOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() }).openapi(name);
}

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });

export const Decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .openapi({ example: "1250.50" });
export const DecimalInput = z.union([apiText(40), z.number()]).openapi({ example: "1250.50" });

/** Dates and instants in requests (the building blocks of src/lib/schemas.ts, documented). */
export const ApiDate = apiDate().openapi({ format: "date", example: "2026-11-23", description: `YYYY-MM-DD. ${DATE_RANGE_MESSAGE}.` });
export const ApiDateTime = apiDateTime().openapi({
  format: "date-time",
  example: "2027-01-31T00:00:00Z",
  description: `ISO 8601 with an offset or Z, from 1900 to the end of 2999 (UTC).`,
});

export function money(minor: number, currency: string): string {
  return toDecimalString(minor, currencyExponent(currency));
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Request bodies arrive in snake_case; services take camelCase. Keys only, recursively. */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase()), camelKeys(v)]),
    );
  }
  return value;
}

export const bearerSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }];
