import { z } from "@hono/zod-openapi";
import type { $ZodCheck, $ZodIssue } from "zod/v4/core";
import { AppError } from "@/platform/errors";
import { fieldErrorsFromZod } from "@/platform/errors";

/*
 * One schema per operation, two spellings of its keys. A module's `<domain>.schemas.ts` defines each
 * input once, in camelCase (what services, server actions and forms use); the API speaks snake_case.
 * `apiInput(schema)` derives the API's request schema from it: the same field schemas (so the same
 * limits and rules, documented by OpenAPI) under snake_case keys, turned back into the camelCase value
 * of the schema's input type, then the schema's own object-level rules. Conversions (`.transform`) are
 * left to the service, which parses its `z.input` with the very same schema: so the API refuses what
 * the service would, under the same limits, and the service stays safe for any caller.
 */

/** `billingAddress` → `billing_address` (type level). */
export type SnakeKey<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeKey<T>}`
  : S;

/** The same value with every object key in snake_case, recursively (type level). */
export type SnakeKeys<T> = T extends readonly (infer E)[]
  ? SnakeKeys<E>[]
  : T extends Date
    ? T
    : T extends object
      ? { [K in keyof T as K extends string ? SnakeKey<K> : K]: SnakeKeys<T[K]> }
      : T;

export const snakeKey = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camelKey = (key: string): string => key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());

/** The inverse of SnakeKeys at run time: every object key back to camelCase, recursively. */
function camelize<T>(value: SnakeKeys<T>): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object" && !(v instanceof Date))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [camelKey(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** A raw request body with its keys in the services' camelCase (values untouched, nothing validated). */
export function snakeBodyToCamel(raw: unknown): unknown {
  return camelize(raw as SnakeKeys<unknown>);
}

type AnySchema = z.ZodType;

/**
 * A copy of `schema` whose object keys are snake_case, with the very same field schemas at the leaves.
 * Rules of nested objects cannot move with their keys, so they are refused here (at start-up).
 */
function snakeSchema(schema: AnySchema, nested: boolean): AnySchema {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string; checks?: unknown[] };
  const clone = (patch: Record<string, unknown>) => schema.clone({ ...(def as object), ...patch } as never) as AnySchema;
  switch (def.type) {
    case "object": {
      if (nested && (def.checks?.length ?? 0) > 0)
        throw new Error("apiInput: a nested object has rules of its own; put them on the top-level schema");
      const shape = (schema as z.ZodObject).shape;
      const renamed = Object.fromEntries(Object.entries(shape).map(([k, v]) => [snakeKey(k), snakeSchema(v as AnySchema, true)]));
      return clone({ shape: renamed, checks: [] });
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return clone({ innerType: snakeSchema(def.innerType as AnySchema, true) });
    case "array":
      return clone({ element: snakeSchema(def.element as AnySchema, true) });
    case "pipe": {
      // A transform is the service's business (it parses with the same schema): the API checks what comes before it.
      const out = def.out as AnySchema;
      if (out._zod.def.type === "transform") return snakeSchema(def.in as AnySchema, nested);
      return clone({ in: snakeSchema(def.in as AnySchema, true) });
    }
    case "union":
      return clone({ options: (def.options as AnySchema[]).map((o) => snakeSchema(o, true)) });
    default:
      return schema;
  }
}

/**
 * The API's request schema for an operation's input (a zod object in camelCase): snake_case keys on
 * the wire and in the OpenAPI document, the camelCase value out, typed both ways. `name` names it in
 * the document's components.
 */
export function apiInput<S extends z.ZodObject>(schema: S, name?: string): ApiInput<S> {
  const snake = snakeSchema(schema, false) as z.ZodObject;
  const documented = name ? snake.openapi(name) : snake;
  const api = documented.transform((v) => camelize<z.input<S>>(v as SnakeKeys<z.input<S>>));
  const checks = (schema._zod.def.checks ?? []) as $ZodCheck<z.input<S>>[];
  return checks.length > 0 ? api.check(...checks) : api;
}

/** What apiInput makes: snake_case in (as documented), a camelCase input of the one schema out. */
export type ApiInput<S extends z.ZodObject> = z.ZodPipe<z.ZodObject, z.ZodTransform<z.input<S>, Record<string, unknown>>>;

/*
 * Which answer a refused request gets. A request that does not match the documented shape (a wrong
 * type, an unknown field, a value outside an enum, a string or list longer than documented, a malformed
 * id, or anything wrong in the path or query string but a rule) is malformed: 400. A well-formed value
 * that breaks a rule (a blank required name, an unknown currency, a number out of range, dates in the
 * wrong order) is 422, as when the service refuses it.
 */
function isShapeIssue(issue: $ZodIssue, target: string): boolean {
  switch (issue.code) {
    case "invalid_type":
    case "unrecognized_keys":
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
    case "invalid_value":
      return true;
    case "too_big":
      return target !== "json" || issue.origin === "string" || issue.origin === "array";
    case "too_small":
      return target !== "json";
    case "invalid_format":
      return issue.format === "uuid" || issue.format === "guid";
    default:
      return false;
  }
}

/** The AppError for a request the route's schema refused (see above). */
export function requestValidationError(error: z.ZodError, target: string): AppError {
  const shape = error.issues.filter((i) => isShapeIssue(i as $ZodIssue, target));
  if (shape.length > 0) {
    return new AppError("bad_request", "The request does not match the API's schema", fieldErrorsFromZod(new z.ZodError(shape)));
  }
  return new AppError("validation_failed", "Some fields are not valid", fieldErrorsFromZod(error));
}
