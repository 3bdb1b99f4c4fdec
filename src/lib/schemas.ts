import { z } from "zod";

/**
 * The building blocks every input schema is made of — each operation's one schema in its module's
 * `*.schemas.ts` (from which the API derives its request schema) and the UI's list filters — so that
 * no string PostgreSQL cannot store and no date it cannot (or should not) hold ever reaches a query.
 *
 * (The API's blocks are functions: each call builds a fresh schema, so the OpenAPI extension that
 * @hono/zod-openapi installs on zod is there when a route documents it.)
 *
 * A request that breaks the shape (type, length, unknown field) is 400 at the API; one that breaks a
 * rule (a real date in range, a required name) is 422 with field messages (src/platform/http-kit/api-schema.ts).
 */

/** Dates and instants are accepted from 1900-01-01 to 2999-12-31 (UTC): nothing real is outside. */
export const FIRST_DATE = "1900-01-01";
export const LAST_DATE = "2999-12-31";
const FIRST_INSTANT_MS = Date.parse(`${FIRST_DATE}T00:00:00Z`);
const AFTER_LAST_INSTANT_MS = Date.parse("3000-01-01T00:00:00Z");
export const DATE_RANGE_MESSAGE = `Use a date between ${FIRST_DATE} and ${LAST_DATE}`;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether PostgreSQL's text can hold the string unchanged: no NUL (text and jsonb refuse it) and no
 * lone UTF-16 surrogate (it has no UTF-8 form; the driver would silently store U+FFFD instead).
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

export const UNSTORABLE_MESSAGE = "must not contain NUL characters or broken Unicode";

// Control characters other than tab and line breaks (multi-line text), or any (single-line text).
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f]/;

/** Checks shared by every text rule, in order, so a field gets the one message that matters. */
function textProblem(value: string, label: string, multiline: boolean): string | undefined {
  if (!isStorableText(value)) return `${label} ${UNSTORABLE_MESSAGE}`;
  if ((multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE).test(value)) return `${label} must not contain control characters`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// API layer (shape: 400)

/** Any string up to `max` characters that PostgreSQL can store. */
export function apiText(max: number) {
  return z
    .string()
    .max(max)
    .refine(isStorableText, { message: `Text ${UNSTORABLE_MESSAGE}` });
}

// ---------------------------------------------------------------------------------------------
// Service layer (rules: 422 with a message per field)

/** Text a person typed on one line: trimmed, required, bounded, storable, no control characters. */
export function requiredText(label: string, max: number, opts: { multiline?: boolean } = {}) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, label, opts.multiline ?? false);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** Optional free text: blank becomes null; with `multiline`, tabs and line breaks are allowed. */
export function optionalText(label: string, max: number, opts: { multiline?: boolean } = {}) {
  return z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, label, opts.multiline ?? false);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .nullish()
    .transform((v) => (v ? v : null));
}

/** A search term: trimmed, bounded and storable (anything else a person may search for); blank means none. */
export function searchText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .refine(isStorableText, `${label} ${UNSTORABLE_MESSAGE}`)
    .optional()
    .transform((v) => v || undefined);
}

/** The one message for a date string, or undefined when it is a real date in range. */
export function dateProblem(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return "Enter a date as YYYY-MM-DD";
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return "Not a real date";
  if (value < FIRST_DATE || value > LAST_DATE) return DATE_RANGE_MESSAGE;
  return undefined;
}

/** A calendar date `YYYY-MM-DD` that exists, between 1900-01-01 and 2999-12-31. */
export const isoDate = z.string({ error: "Enter a date (YYYY-MM-DD)" }).superRefine((v, ctx) => {
  const problem = dateProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const DATETIME_MESSAGE = "Use an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z";
const datetimeShape = z.iso.datetime({ offset: true });

/** The one message for an instant string, or undefined when it is a real instant in range. */
export function dateTimeProblem(value: string): string | undefined {
  if (!datetimeShape.safeParse(value).success) return DATETIME_MESSAGE;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return DATETIME_MESSAGE;
  if (ms < FIRST_INSTANT_MS || ms >= AFTER_LAST_INSTANT_MS) return DATE_RANGE_MESSAGE;
  return undefined;
}

/** An ISO 8601 date-time with an offset (or Z), between 1900 and the end of 2999 (UTC). */
export const isoDateTime = z.string({ error: DATETIME_MESSAGE }).superRefine((v, ctx) => {
  const problem = dateTimeProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Whether a date computed on the server (a due date from payment terms) is still in range. */
export function isDateInRange(value: string): boolean {
  return dateProblem(value) === undefined;
}
