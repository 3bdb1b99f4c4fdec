import fc from "fast-check";

/**
 * fast-check arbitraries derived from the JSON Schemas of an OpenAPI 3.1 document: for each operation,
 * requests whose path, query and body follow the documented schemas (valid-looking values), break
 * them in one place, or break them everywhere (wrong types, NUL bytes and broken Unicode, one past a
 * maximum, huge numbers, years 0000 and 9999, unknown fields, malformed and forged cursors).
 *
 * Generic by design: a new operation or field is covered without editing this file. `Hints` adds what
 * the schemas cannot say — which ids exist (so requests reach the code past "not found"), which
 * cursors the API handed out — keyed by parameter or property name.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  maxItems?: number;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  example?: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, JsonSchema> };
}

interface ParameterDoc {
  in: "path" | "query" | "header" | "cookie";
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

interface OperationDoc {
  operationId: string;
  parameters?: ParameterDoc[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  pathParams: ParameterDoc[];
  queryParams: ParameterDoc[];
  body?: JsonSchema;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      pathParams: (op.parameters ?? []).filter((p) => p.in === "path"),
      queryParams: (op.parameters ?? []).filter((p) => p.in === "query"),
      body: op.requestBody?.content?.["application/json"]?.schema,
    })),
  );
}

/** What the schemas do not know: the values that exist, by parameter/property name (and the operation). */
export interface Hints {
  /** Valid-looking values for a name (e.g. ids of rows that exist), or undefined to derive from the schema. */
  valid(name: string, op: Operation): fc.Arbitrary<unknown> | undefined;
  /** Extra hostile values for a name (e.g. another workspace's ids, forged cursors). */
  hostile(name: string, op: Operation): fc.Arbitrary<unknown> | undefined;
}

export interface GeneratedRequest {
  mode: "valid" | "one-broken" | "chaos";
  method: string;
  /** The path with its parameters filled in and the query string. */
  url: string;
  /** A JSON value to send, or a raw string (malformed JSON); undefined for no body. */
  body?: { json: unknown } | { raw: string };
}

// ---------------------------------------------------------------------------------------------
// Values

const LONE_SURROGATES = ["\ud800", "a\udc00b", "\udfff\ud800"];
const NUL_STRINGS = ["\u0000", "a\u0000b", "name\u0000"];
const CONTROL_STRINGS = ["\u0007bell", "tab\tin", "line\nbreak", "\u001b[31mred", "\u007f"];
const UNICODE_STRINGS = ["Ångström GmbH", "東京株式会社", "👩‍💻 Studio", "Zoë & Chloë", "שלום", "e\u0301", "\ufeffBOM", " padded "];
const INJECTION_STRINGS = ["' or 1=1 --", "%_\\", "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd"];
const WORDS = ["Acme", "Design work", "Consulting", "VAT", "INV-", "Harbour Road 12", "DE123456789", "Notes for the client"];

const BAD_DATES = [
  "0000-01-01",
  "9999-12-31",
  "9999-12-20",
  "1899-12-31",
  "3000-01-01",
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "26-01-01",
  "2026-1-1",
  "+275760-09-13",
  "2026-01-01T00:00:00Z",
  "",
  "today",
];
const BAD_DATETIMES = [
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "1899-12-31T23:59:59Z",
  "2999-12-31T23:00:00-05:00",
  "2026-01-01",
  "2026-01-01T25:00:00Z",
  "2026-02-30T00:00:00Z",
  "2026-01-01T00:00:00+25:00",
  "2026-01-01 00:00:00",
  "+275760-09-13T00:00:00.000Z",
  "",
];
const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 1e21, 1e20, 0.1 + 0.2, -0, 1e-300];
const BAD_DECIMALS = [
  "-1",
  "1e3",
  "1,5",
  "١٢٣",
  "0x10",
  " ",
  "",
  "NaN",
  "Infinity",
  "99999999999999999999999999999999",
  "0.0000001",
  "12.345.6",
  "--1",
  "+5",
];

/** A date around `today` (as an ISO date), and the edges of the accepted range. */
function validDate(today: string): fc.Arbitrary<string> {
  const base = Date.parse(`${today}T00:00:00Z`);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(today) },
    { weight: 3, arbitrary: fc.integer({ min: -400, max: 60 }).map((d) => new Date(base + d * 86_400_000).toISOString().slice(0, 10)) },
    { weight: 1, arbitrary: fc.constantFrom("1900-01-01", "2999-12-31", "2028-02-29") },
  );
}

function validDateTime(today: string): fc.Arbitrary<string> {
  return validDate(today).chain((d) => fc.constantFrom(`${d}T00:00:00Z`, `${d}T23:59:59.999Z`, `${d}T12:00:00+02:00`));
}

const decimal = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, "0")}`),
  fc.constantFrom("0", "1", "0.01", "100", "19.99", "7.125", "20"),
  fc.integer({ min: 0, max: 5000 }),
);

function text(maxLength: number | undefined): fc.Arbitrary<string> {
  const max = Math.min(maxLength ?? 200, 60);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: max }) },
    { weight: 1, arbitrary: fc.constantFrom(...UNICODE_STRINGS) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: max, unit: "binary" }) },
  );
}

function wrongTypes(): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, "", "x", [], {}, [1, "a"], { nested: { deeper: [null] } });
}

function hostileString(schema: JsonSchema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(...NUL_STRINGS, ...LONE_SURROGATES, ...CONTROL_STRINGS, ...INJECTION_STRINGS),
    wrongTypes(),
    fc.constantFrom("", "   "),
  ];
  if (schema.maxLength !== undefined && schema.maxLength <= 20_000) {
    options.push(fc.constantFrom("x".repeat(schema.maxLength), "x".repeat(schema.maxLength + 1), "é".repeat(schema.maxLength + 1)));
  }
  if (schema.format === "date") options.push(fc.constantFrom(...BAD_DATES));
  if (schema.format === "date-time") options.push(fc.constantFrom(...BAD_DATETIMES));
  if (schema.format === "uuid")
    options.push(
      fc.constantFrom(
        "x",
        "00000000-0000-0000-0000-000000000000",
        "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
        "123e4567-e89b-12d3-a456-4266141740000",
        "%00",
      ),
      fc.uuid(),
    );
  if (schema.enum)
    options.push(
      fc.constantFrom(...schema.enum.map((e) => (typeof e === "string" ? e.toUpperCase() : e)), "unknown", "owner ", "superadmin"),
    );
  return fc.oneof(...options);
}

function hostileNumber(schema: JsonSchema): fc.Arbitrary<unknown> {
  const edges: unknown[] = [...HUGE_NUMBERS, -1, 0, 0.5, "12", "ten", null, true];
  if (schema.minimum !== undefined) edges.push(schema.minimum - 1);
  if (schema.maximum !== undefined) edges.push(schema.maximum + 1);
  return fc.constantFrom(...edges);
}

// ---------------------------------------------------------------------------------------------
// Schema walking

export class ArbitraryBuilder {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly hints: Hints,
    private readonly today: string,
  ) {}

  private resolve(schema: JsonSchema): JsonSchema {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = this.doc.components.schemas[name];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return this.resolve(target);
  }

  /** A value the schema accepts (and, through hints, one that exists). */
  valid(raw: JsonSchema, name: string, op: Operation): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const hinted = this.hints.valid(name, op);
    if (hinted) return hinted;
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    // A string-or-number documented with a decimal example is a decimal amount ("1250.50" or 1250.5).
    const kinds = alternatives?.map((a) => this.resolve(a).type);
    if (kinds?.includes("string") && kinds.includes("number") && typeof schema.example === "string" && /^\d+(\.\d+)?$/.test(schema.example))
      return decimal;
    if (alternatives) return fc.oneof(...alternatives.map((s) => this.valid(s, name, op)));
    const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? "string"];
    const nonNull = types.filter((t) => t !== "null");
    const base = this.validOfType(nonNull[0] ?? "null", schema, name, op);
    return types.includes("null") ? fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
  }

  private validOfType(type: string, schema: JsonSchema, name: string, op: Operation): fc.Arbitrary<unknown> {
    switch (type) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 400 });
      case "number":
        return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 10_000, noNaN: true, noDefaultInfinity: true });
      case "array": {
        const items = schema.items ?? {};
        return fc.array(this.valid(items, name, op), { minLength: 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
      }
      case "object":
        return this.validObject(schema, op);
      default:
        if (schema.format === "date") return validDate(this.today);
        if (schema.format === "date-time") return validDateTime(this.today);
        if (schema.format === "uuid") return fc.uuid();
        return text(schema.maxLength).map((s) => (schema.maxLength !== undefined ? s.slice(0, schema.maxLength) : s));
    }
  }

  private validObject(schema: JsonSchema, op: Operation): fc.Arbitrary<Record<string, unknown>> {
    const props = schema.properties ?? {};
    const model = Object.fromEntries(Object.entries(props).map(([key, s]) => [key, this.valid(s, key, op)]));
    return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) }) as fc.Arbitrary<Record<string, unknown>>;
  }

  /** A value the schema (or the rule behind the field) should refuse. */
  hostile(raw: JsonSchema, name: string, op: Operation): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const options: fc.Arbitrary<unknown>[] = [];
    const hinted = this.hints.hostile(name, op);
    if (hinted) options.push(hinted);
    const alternatives = schema.anyOf ?? schema.oneOf;
    const types = alternatives ? alternatives.flatMap((a) => [this.resolve(a).type ?? "string"].flat()) : [schema.type ?? "string"].flat();
    if (types.includes("string"))
      options.push(hostileString(alternatives ? this.resolve(alternatives.find((a) => this.resolve(a).type === "string")!) : schema));
    if (types.includes("string") && types.includes("number"))
      options.push(fc.constantFrom(...BAD_DECIMALS), fc.constantFrom(...HUGE_NUMBERS));
    if (types.includes("integer") || types.includes("number")) options.push(hostileNumber(schema));
    if (types.includes("boolean")) options.push(fc.constantFrom("true", 1, 0, "yes", null));
    if (types.includes("array")) {
      const items = schema.items ?? {};
      options.push(
        wrongTypes(),
        fc.array(this.hostile(items, name, op), { minLength: 1, maxLength: 3 }),
        fc.constant(Array.from({ length: (schema.maxItems ?? 10) + 1 }, () => ({}))),
      );
    }
    if (types.includes("object")) {
      options.push(
        wrongTypes(),
        this.validObject(schema, op).map((o) => ({ ...o, unknown_field: "x" })),
        this.validObject(schema, op).map((o) => ({ ...o, workspace_id: "00000000-0000-4000-8000-000000000000" })),
        this.brokenObject(schema, op),
      );
    }
    if (options.length === 0) options.push(wrongTypes());
    return fc.oneof(...options);
  }

  /** An object with its required keys, each property valid or hostile at random. */
  private brokenObject(schema: JsonSchema, op: Operation): fc.Arbitrary<Record<string, unknown>> {
    const props = schema.properties ?? {};
    const model = Object.fromEntries(
      Object.entries(props).map(([key, s]) => [key, fc.oneof(this.valid(s, key, op), this.hostile(s, key, op))]),
    );
    return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
  }

  /**
   * One request for the operation: every part valid; one part broken (a path or query parameter, or
   * one body property — the rest valid); or everything at random, including bodies that are not JSON.
   */
  request(op: Operation): fc.Arbitrary<GeneratedRequest> {
    const parts: { kind: "path" | "query" | "body"; name: string; schema: JsonSchema }[] = [
      ...op.pathParams.map((p) => ({ kind: "path" as const, name: p.name, schema: p.schema })),
      ...op.queryParams.map((p) => ({ kind: "query" as const, name: p.name, schema: p.schema })),
      ...(op.body
        ? Object.entries(this.resolve(op.body).properties ?? {}).map(([name, schema]) => ({ kind: "body" as const, name, schema }))
        : []),
    ];
    const modes = fc.constantFrom<GeneratedRequest["mode"]>("valid", "valid", "one-broken", "one-broken", "chaos");
    return modes.chain((mode) => {
      const brokenIndex = parts.length > 0 ? fc.integer({ min: 0, max: parts.length - 1 }) : fc.constant(-1);
      return brokenIndex.chain((broken) => {
        const pick = (i: number, schema: JsonSchema, name: string) =>
          mode === "valid" || (mode === "one-broken" && i !== broken)
            ? this.valid(schema, name, op)
            : mode === "one-broken"
              ? this.hostile(schema, name, op)
              : fc.oneof(this.valid(schema, name, op), this.hostile(schema, name, op));
        const pathArb = fc.tuple(...op.pathParams.map((p, i) => pick(i, p.schema, p.name)));
        const queryArb = fc.tuple(
          ...op.queryParams.map((p, j) => {
            const i = op.pathParams.length + j;
            // Query parameters are optional: often absent (unless this one is the broken part).
            const value = pick(i, p.schema, p.name);
            return mode === "one-broken" && i === broken
              ? value.map((v) => ({ present: true, v }))
              : fc.record({ present: fc.boolean(), v: value });
          }),
        );
        const bodyArb: fc.Arbitrary<GeneratedRequest["body"]> = op.body
          ? this.bodyFor(op, mode, broken - op.pathParams.length - op.queryParams.length)
          : fc.constant(undefined);
        return fc.tuple(pathArb, queryArb, bodyArb).map(([pathValues, queryValues, body]) => {
          let i = 0;
          const path = op.path.replace(/\{([a-z_]+)\}/g, () => encodePathSegment(asParam(pathValues[i++])));
          const query = new URLSearchParams();
          op.queryParams.forEach((p, j) => {
            const q = queryValues[j] as { present: boolean; v: unknown };
            if (q.present) query.append(p.name, asParam(q.v));
          });
          const qs = query.toString();
          return { mode, method: op.method, url: qs ? `${path}?${qs}` : path, body };
        });
      });
    });
  }

  private bodyFor(op: Operation, mode: GeneratedRequest["mode"], brokenProperty: number): fc.Arbitrary<GeneratedRequest["body"]> {
    const schema = this.resolve(op.body!);
    const props = Object.entries(schema.properties ?? {});
    if (mode === "valid") return this.validObject(schema, op).map((json) => ({ json }));
    if (mode === "one-broken") {
      const target = props[brokenProperty];
      if (!target) return this.validObject(schema, op).map((json) => ({ json }));
      return fc
        .tuple(this.validObject(schema, op), this.hostile(target[1], target[0], op))
        .map(([o, bad]) => ({ json: { ...o, [target[0]]: bad } }));
    }
    return fc.oneof(
      { weight: 6, arbitrary: this.brokenObject(schema, op).map((json) => ({ json })) },
      { weight: 2, arbitrary: this.hostile(schema, "(body)", op).map((json) => ({ json })) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom("{", '{"a":', "[1,", "nul", '{"name": "x",}', "\u0000", '{"__proto__": {"admin": true}}')
          .map((raw) => ({ raw })),
      },
    );
  }
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is sent as the three bytes a
 * careless client would produce for it (CESU-8), so the server sees bytes that are not UTF-8.
 */
function encodePathSegment(value: string): string {
  let out = "";
  for (const ch of value) {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** How a generated value travels in a path or query string. */
function asParam(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
