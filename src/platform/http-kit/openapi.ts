import { z } from "@hono/zod-openapi";
import { toDecimalString, currencyExponent } from "@/lib/money";

/** Shared API building blocks: problem documents, ids, cursor lists, decimal money. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: "validation_failed" }),
    errors: z.record(z.string(), z.array(z.string())).optional().openapi({ description: "Field path → messages" }),
    limit: z
      .string()
      .optional()
      .openapi({ description: "plan_limit: the limit or feature (clients, members, invoicesPerMonth, apiAccess, …)" }),
    plan: z.string().optional().openapi({ description: "plan_limit: the workspace's plan" }),
    lifted_by: z.string().nullable().optional().openapi({ description: "plan_limit: the cheapest plan that lifts it" }),
  })
  .openapi("Problem");

const problem = (description: string) => ({ content: { "application/problem+json": { schema: Problem } }, description });

/** The error answers every authenticated route can give. */
export const errorResponses = {
  400: problem("Malformed request: bad JSON, unknown fields, or values of the wrong shape"),
  401: problem("No credentials, or an unknown, revoked or expired API key"),
  402: problem("The workspace's plan does not include this, or a limit of the plan is reached (`limit`, `plan`, `lifted_by`)"),
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

export function listOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() }).openapi(name);
}

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });

export function money(minor: number, currency: string): string {
  return toDecimalString(minor, currencyExponent(currency));
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const bearerSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }];
