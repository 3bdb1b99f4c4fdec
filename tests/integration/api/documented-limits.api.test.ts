import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { closeRateLimitStore, resetRateLimitsForTests } from "@/platform/rate-limit";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture } from "../../support/fixtures";
import { api, keyFor } from "../../support/api";
import { operationsOf, type JsonSchema, type OpenApiDocument, type Operation } from "../../support/openapi-fuzz";

/*
 * The OpenAPI document and the code that serves it cannot disagree on a limit: for every string field
 * of every request body that the document gives a maxLength (nested objects and list items included),
 * a value of exactly that length is never refused for its length, and one character more is refused
 * with 400 naming that field. The fields come from the document (GET /api/v1/openapi.json), not from
 * a list, so a new operation or field is covered when it is added.
 */

const owner = ownerSql();
const savedLimits = { workspace: process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE, key: process.env.API_RATE_LIMIT_KEY_PER_MINUTE };

interface LimitedField {
  /** Where the value goes: property names, and 0 for the first item of a list. */
  path: (string | 0)[];
  maxLength: number;
  /** The smallest body that holds `value` there (with the required enum members beside it, e.g. a discount's kind). */
  build: (value: string) => unknown;
}

let doc: OpenApiDocument;
let token: string;

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`Unresolved ${schema.$ref}`);
  return resolve(target);
}

/** Every string (or string option) with a maxLength inside a schema, with its path. */
function limitedFields(schema: JsonSchema, path: (string | 0)[] = []): LimitedField[] {
  const s = resolve(schema);
  const options = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  if (options.length > 0) {
    // A union: the first option that holds a limited string (a discount's value, a decimal) or an object.
    const found = options.map((o) => limitedFields(o, path)).filter((f) => f.length > 0);
    return found[0] ?? [];
  }
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes("string") && s.maxLength !== undefined) return [{ path, maxLength: s.maxLength, build: (v) => v }];
  if (types.includes("array") && s.items) {
    return limitedFields(s.items, [...path, 0]).map((f) => ({ ...f, build: (v: string) => [f.build(v)] }));
  }
  if (s.properties) {
    const properties = s.properties;
    // Required members of a closed set (a discriminator such as a discount's kind) are given, so the value is reached.
    const fixed = Object.fromEntries(
      (s.required ?? []).flatMap((k) => {
        const p = properties[k] ? resolve(properties[k]) : undefined;
        const value = p?.enum?.[0] ?? (p as { const?: unknown } | undefined)?.const;
        return value === undefined ? [] : [[k, value]];
      }),
    );
    return Object.entries(properties).flatMap(([k, v]) =>
      limitedFields(v, [...path, k]).map((f) => ({ ...f, build: (value: string) => ({ ...fixed, [k]: f.build(value) }) })),
    );
  }
  return [];
}

function urlOf(op: Operation): string {
  return op.path.replace(/\{[^}]+\}/g, (param) => (param === "{kind}" ? "invoice" : randomUUID()));
}

function errorsOf(body: Record<string, unknown>): Record<string, string[]> {
  return (body.errors as Record<string, string[]> | undefined) ?? {};
}

beforeAll(async () => {
  process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE = "1000000";
  process.env.API_RATE_LIMIT_KEY_PER_MINUTE = "1000000";
  await closeRateLimitStore();
  await resetRateLimitsForTests();
  const fx = await workspaceFixture(owner, "owner", "limits");
  token = await keyFor(fx.actor, "owner");
  const res = await api<OpenApiDocument>("GET", "/api/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body;
});

afterAll(async () => {
  if (savedLimits.workspace === undefined) delete process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE;
  else process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE = savedLimits.workspace;
  if (savedLimits.key === undefined) delete process.env.API_RATE_LIMIT_KEY_PER_MINUTE;
  else process.env.API_RATE_LIMIT_KEY_PER_MINUTE = savedLimits.key;
  await closeRateLimitStore();
  await resetRateLimitsForTests();
});

describe("documented string limits are the limits the API enforces", () => {
  it("for every string field of every request body: the documented maximum passes its length check, one more is 400", async () => {
    const checked: string[] = [];
    for (const op of operationsOf(doc)) {
      if (!op.body) continue;
      for (const field of limitedFields(op.body)) {
        const key = field.path.join(".");
        const label = `${op.method} ${op.path} ${key} (maxLength ${field.maxLength})`;
        const atMax = await api(op.method, urlOf(op), { token, body: field.build("a".repeat(field.maxLength)) });
        expect(atMax.status, label).toBeLessThan(500);
        const atMaxErrors = errorsOf(atMax.body)[key] ?? [];
        // Refused for another reason (not an email, a blank required field elsewhere) is fine; for its length never.
        expect(atMax.status === 400 && atMaxErrors.length > 0, `${label}: ${JSON.stringify(atMax.body)}`).toBe(false);
        expect(
          atMaxErrors.filter((m) => /at most|too big|characters/i.test(m)),
          label,
        ).toEqual([]);
        const over = await api(op.method, urlOf(op), { token, body: field.build("a".repeat(field.maxLength + 1)) });
        expect(over.status, `${label}: ${JSON.stringify(over.body)}`).toBe(400);
        expect(Object.keys(errorsOf(over.body)), label).toContain(key);
        checked.push(label);
      }
    }
    // The document does describe limits (a sanity check that the walk found the fields).
    expect(checked.length).toBeGreaterThan(20);
    expect(checked.some((c) => c.includes("POST /api/v1/invoices lines.0.description (maxLength 2000)"))).toBe(true);
    expect(checked.some((c) => c.includes("PATCH /api/v1/workspace sender.legal_name (maxLength 200)"))).toBe(true);
  });
});
