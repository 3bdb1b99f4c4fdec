import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { closeRateLimitStore } from "@/platform/rate-limit";
import { reloadConfig } from "@/platform/config";
import { resetRateLimitsForTests } from "@/platform/rate-limit";
import { today } from "@/lib/clock";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../../support/fixtures";
import { api, keyFor, type ApiResult } from "../../support/api";
import {
  ArbitraryBuilder,
  operationsOf,
  type GeneratedRequest,
  type Hints,
  type OpenApiDocument,
  type Operation,
} from "../../support/openapi-fuzz";

/*
 * Requests generated from the OpenAPI document (GET /api/v1/openapi.json of the in-process app): for
 * every operation, fast-check derives path, query and body values from the documented schemas —
 * valid-looking ones, one broken part, or everything broken (see tests/support/openapi-fuzz.ts) —
 * and sends them, as an owner's key mostly and a member's key sometimes, against a real workspace A
 * whose ids the generator knows, next to a workspace B it must never touch. After every request:
 *
 * - no 5xx;
 * - a 4xx is application/problem+json with the documented Problem shape and its own status;
 * - a refused request (4xx) changed nothing: the row count and the content of every table of A and
 *   of B are as before (a fingerprint per table and workspace, from the catalog);
 * - no request changed anything of B, and no answer contains one of B's ids;
 * - a GET changed nothing.
 *
 * The seed is fixed (FUZZ_SEED overrides it) and printed with any failure, so a failure replays.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_208);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 5);
const RUNS_PER_OPERATION_AND_ROUND = 13;

const owner = ownerSql();
const savedLimits = { workspace: process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE, key: process.env.API_RATE_LIMIT_KEY_PER_MINUTE };

let A: WorkspaceFixture;
let B: WorkspaceFixture;
let ownerToken: string;
let memberToken: string;
let doc: OpenApiDocument;
let ops: Operation[];
let fingerprintSql: string;
let idsOfB: string[];

/** Ids the generator may use, by kind; rows created by generated requests join them. */
const pools = {
  clients: new Set<string>(),
  invoices: new Set<string>(),
  taxRates: new Set<string>(),
  payments: new Set<string>(),
  invitations: new Set<string>(),
  apiKeys: new Set<string>(),
  users: new Set<string>(),
};
/** Cursors the API handed out, by list path. */
const cursors = new Map<string, Set<string>>();

beforeAll(async () => {
  // Thousands of requests in seconds: budgets far above the defaults for this file only.
  process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE = "1000000";
  process.env.API_RATE_LIMIT_KEY_PER_MINUTE = "1000000";
  reloadConfig();
  await closeRateLimitStore();
  await resetRateLimitsForTests();

  A = await workspaceFixture(owner, "owner", "fuzz-a");
  B = await workspaceFixture(owner, "owner", "fuzz-b");
  ownerToken = await keyFor(A.actor, "owner");
  memberToken = await keyFor(A.actor, "member");
  // The invoice settings row is created with its defaults on first read; create it now, so a GET writes nothing.
  expect((await api("GET", "/api/v1/workspace", { token: ownerToken })).status).toBe(200);
  const res = await api<OpenApiDocument>("GET", "/api/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body;
  ops = operationsOf(doc);

  pools.clients.add(A.clientId).add(A.spareClientId);
  pools.invoices.add(A.draftInvoiceId).add(A.sentInvoiceId);
  pools.taxRates.add(A.taxRateId);
  pools.payments.add(A.paymentId);
  pools.invitations.add(A.invitationId);
  pools.apiKeys.add(A.apiKeyId);
  // Not the key owner's own id: demoting them would turn the rest of the run into 403s.
  pools.users.add(A.memberUserId).add(A.adminUserId).add(A.owner.userId);

  const bUsers = await owner<{ user_id: string }[]>`select user_id from members where organization_id = ${B.workspaceId}`;
  idsOfB = [
    B.workspaceId,
    B.clientId,
    B.spareClientId,
    B.draftInvoiceId,
    B.sentInvoiceId,
    B.taxRateId,
    B.paymentId,
    B.invitationId,
    B.apiKeyId,
    ...bUsers.map((u) => u.user_id),
  ];

  // Every table that holds a workspace's rows, from the catalog (a table added later is covered).
  const tables = await owner<{ table_name: string; column_name: string }[]>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and column_name in ('workspace_id', 'organization_id') order by table_name`;
  expect(tables.length).toBeGreaterThanOrEqual(10);
  // A sum of 64-bit hashes of every row's text: any change to any row changes it (no sort, no string
  // building, so it stays cheap as the workspace grows). api_keys.last_used_at is written off the
  // request path (at most once a minute per key): not a change of data, so it is left out.
  const rowText = (table: string) => (table === "api_keys" ? `(to_jsonb(x) - 'last_used_at')::text` : "x::text");
  fingerprintSql = [
    ...tables.map(
      (t) =>
        `select '${t.table_name}' as t, ${t.column_name} as w, count(*)::int as n, coalesce(sum(hashtextextended(${rowText(t.table_name)}, 0)), 0)::text as h from ${t.table_name} x where ${t.column_name} = any($1) group by 2`,
    ),
    `select 'workspaces', id, count(*)::int, coalesce(sum(hashtextextended(x::text, 0)), 0)::text from workspaces x where id = any($1) group by 2`,
  ].join(" union all ");
});

afterAll(async () => {
  for (const [name, value] of [
    ["API_RATE_LIMIT_WORKSPACE_PER_MINUTE", savedLimits.workspace],
    ["API_RATE_LIMIT_KEY_PER_MINUTE", savedLimits.key],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadConfig();
  await closeRateLimitStore();
  await owner.end();
});

type Fingerprint = Record<string, string>;

async function fingerprint(): Promise<{ a: Fingerprint; b: Fingerprint }> {
  const rows = await owner.unsafe<{ t: string; w: string; n: number; h: string }[]>(fingerprintSql, [[A.workspaceId, B.workspaceId]], {
    prepare: true,
  });
  const a: Fingerprint = {};
  const b: Fingerprint = {};
  for (const r of rows) (r.w === A.workspaceId ? a : b)[r.t] = `${r.n}:${r.h}`;
  return { a, b };
}

const oneOf = <T>(set: Set<T>) => fc.constantFrom(...set);

/** Which pool a path's `{id}` names, from the path. */
function poolForPath(path: string): Set<string> {
  if (path.startsWith("/api/v1/clients")) return pools.clients;
  if (path.startsWith("/api/v1/tax-rates")) return pools.taxRates;
  if (path.startsWith("/api/v1/invoices")) return pools.invoices;
  if (path.startsWith("/api/v1/payments")) return pools.payments;
  if (path.startsWith("/api/v1/invitations")) return pools.invitations;
  if (path.startsWith("/api/v1/api-keys")) return pools.apiKeys;
  return pools.users;
}

function forgedCursors(): string[] {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const real = [...cursors.values()].flatMap((s) => [...s]);
  const tampered = real
    .slice(0, 3)
    .map((c) => `${b64(["2026-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"])}.${c.split(".")[1] ?? ""}`);
  return [
    b64(["2026-01-01T00:00:00Z", "x"]),
    b64(["0000-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000"]),
    `${b64(["9999-12-31T00:00:00Z", A.clientId])}.AAAAAAAAAAAAAAAAAAAAAA`,
    "garbage",
    ".",
    "a.b",
    "%00",
    ...tampered,
    // A real cursor from every list, sent to every list: only its own list accepts it.
    ...real.slice(0, 10),
  ];
}

const hints: Hints = {
  valid(name, op) {
    switch (name) {
      case "id":
        return oneOf(poolForPath(op.path));
      case "user_id":
        return oneOf(pools.users);
      case "client_id":
        return oneOf(pools.clients);
      case "tax_rate_id":
        return fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: oneOf(pools.taxRates) });
      case "currency":
      case "default_currency":
        return fc.constantFrom("EUR", "USD", "JPY", "KWD", "GBP", "eur");
      case "email":
        return op.operationId === "createInvitation"
          ? fc
              .tuple(fc.constantFrom("invitee", "ÅSA", "o'brien"), fc.integer({ min: 1, max: 10_000 }))
              .map(([who, n]) => `${who}+${n}@example.test`)
          : fc.constantFrom("billing@acme.example", "ÅSA@example.se", null);
      case "number_padding":
        return fc.integer({ min: 1, max: 10 });
      case "payment_terms_days":
        return fc.integer({ min: 0, max: 365 });
      case "number_prefix":
        return fc.constantFrom("INV-", "F/2026/", "", "A#");
      case "paid_on":
        return fc.constant(today());
      case "status":
        return op.operationId === "listInvoices" ? fc.constantFrom("sent,overdue", "draft", "paid", "void") : undefined;
      case "cursor": {
        const own = cursors.get(op.path);
        return own && own.size > 0 ? oneOf(own) : undefined;
      }
      case "rate":
        return fc.constantFrom("20", "7.125", "0", "100", 19);
      case "discount":
        return fc.oneof(
          fc.constant(null),
          fc.record({ kind: fc.constant("percent"), value: fc.constantFrom("10", "2.5", "100") }),
          fc.record({ kind: fc.constant("amount"), value: fc.constantFrom("1", "5.00") }),
        );
      default:
        return undefined;
    }
  },
  hostile(name) {
    switch (name) {
      case "id":
      case "client_id":
      case "tax_rate_id":
      case "user_id":
        // Another workspace's ids, and ids of the wrong kind in this one.
        return fc.constantFrom(...idsOfB, A.sentInvoiceId, A.clientId, A.paymentId, A.memberUserId);
      case "cursor":
        return fc.constantFrom(...forgedCursors());
      case "currency":
      case "default_currency":
        return fc.constantFrom("XXX", "EU", "EURO", "€", "e u r", "\u0000UR");
      case "issue_date":
      case "due_date":
      case "paid_on":
        return fc.constantFrom("0000-01-01", "9999-12-01", "9999-12-20", "2999-12-20", "1900-01-01");
      case "limit":
        return fc.constantFrom("0", "101", "-1", "1.5", "1e3", "99999999999999999999", "%00");
      default:
        return undefined;
    }
  },
};

/** Remembers the ids and cursors an answer hands out, so later requests reach existing rows. */
function harvest(req: GeneratedRequest, res: ApiResult<unknown>): void {
  if (res.status >= 300 || res.body === null || typeof res.body !== "object") return;
  const body = res.body as Record<string, unknown>;
  const path = req.url.split("?")[0]!;
  const listPath = path;
  if (typeof body.next_cursor === "string") {
    if (!cursors.has(listPath)) cursors.set(listPath, new Set());
    const set = cursors.get(listPath)!;
    if (set.size < 20) set.add(body.next_cursor);
  }
  const items = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [body];
  for (const item of items) {
    const id = typeof item.id === "string" ? item.id : undefined;
    if (!id) continue;
    if (path.startsWith("/api/v1/clients")) pools.clients.add(id);
    else if (path.startsWith("/api/v1/tax-rates")) pools.taxRates.add(id);
    else if (/^\/api\/v1\/invoices\/[^/]+\/payments$/.test(path)) pools.payments.add(id);
    else if (path.startsWith("/api/v1/invoices")) pools.invoices.add(id);
    else if (path.startsWith("/api/v1/invitations")) pools.invitations.add(id);
    // API keys are never harvested: the run must not revoke the key it runs with.
  }
}

const PROBLEM_KEYS = new Set(["type", "title", "status", "code", "errors"]);

function describeRequest(req: GeneratedRequest, token: string): string {
  const body = req.body === undefined ? "" : "json" in req.body ? JSON.stringify(req.body.json) : req.body.raw;
  return `${token === memberToken ? "member" : "owner"} ${req.method} ${req.url} ${body.slice(0, 600)} [mode ${req.mode}]`;
}

let sent = 0;
const perOperation = new Map<string, number>();
const statuses = new Map<number, number>();

let previous: { a: Fingerprint; b: Fingerprint } | undefined;
const timings = { fingerprint: 0, request: 0 };

async function sendAndCheck(op: Operation, req: GeneratedRequest, asMember: boolean): Promise<void> {
  const token = asMember ? memberToken : ownerToken;
  // Nothing else writes to A or B: the state after one request is the state before the next.
  let t0 = performance.now();
  const before = previous ?? (await fingerprint());
  timings.fingerprint += performance.now() - t0;
  t0 = performance.now();
  const res =
    req.body === undefined
      ? await api(req.method, req.url, { token })
      : "json" in req.body
        ? await api(req.method, req.url, { token, body: req.body.json })
        : await api(req.method, req.url, { token, rawBody: req.body.raw, headers: { "content-type": "application/json" } });
  timings.request += performance.now() - t0;
  sent += 1;
  perOperation.set(op.operationId, (perOperation.get(op.operationId) ?? 0) + 1);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const label = `${describeRequest(req, token)} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)} (replay: FUZZ_SEED=${SEED})`;

  expect(res.status, label).toBeLessThan(500);
  t0 = performance.now();
  const after = await fingerprint();
  timings.fingerprint += performance.now() - t0;
  previous = after;
  expect(after.b, `workspace B changed: ${label}`).toEqual(before.b);
  const text = JSON.stringify(res.body);
  for (const id of idsOfB) expect(text.includes(id), `B's id ${id} in the answer: ${label}`).toBe(false);
  if (res.status >= 400) {
    expect(res.headers.get("content-type") ?? "", label).toMatch(/^application\/problem\+json/);
    const problem = res.body as Record<string, unknown>;
    expect(typeof problem.type, label).toBe("string");
    expect(typeof problem.title, label).toBe("string");
    expect(problem.status, label).toBe(res.status);
    expect(typeof problem.code, label).toBe("string");
    for (const key of Object.keys(problem)) expect(PROBLEM_KEYS.has(key), `unexpected problem key ${key}: ${label}`).toBe(true);
    if (problem.errors !== undefined) {
      expect(typeof problem.errors, label).toBe("object");
      for (const messages of Object.values(problem.errors as Record<string, unknown>)) {
        expect(Array.isArray(messages) && messages.every((m) => typeof m === "string" && m.length > 0), label).toBe(true);
      }
    }
    expect(after.a, `a refused request changed workspace A: ${label}`).toEqual(before.a);
  } else {
    if (req.method === "GET") expect(after.a, `a GET changed workspace A: ${label}`).toEqual(before.a);
    harvest(req, res);
  }
}

describe("requests generated from the OpenAPI document", () => {
  it(`every operation, ${ROUNDS} rounds × ${RUNS_PER_OPERATION_AND_ROUND} requests: no 5xx, problem+json 4xx, a refused request changes nothing, B is never touched (seed ${SEED})`, async () => {
    const started = performance.now();
    expect(ops.length).toBeGreaterThanOrEqual(33);
    for (let round = 0; round < ROUNDS; round++) {
      // Rebuilt each round, so that rows created in earlier rounds are among the ids used.
      const builder = new ArbitraryBuilder(doc, hints, today());
      for (const [index, op] of ops.entries()) {
        const seed = SEED + round * 1000 + index;
        await fc.assert(
          fc.asyncProperty(builder.request(op), fc.integer({ min: 0, max: 5 }), async (req, who) => {
            await sendAndCheck(op, req, who === 0);
          }),
          { seed, numRuns: RUNS_PER_OPERATION_AND_ROUND, endOnFailure: true },
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `generated requests: ${sent} in ${seconds.toFixed(1)} s (requests ${(timings.request / 1000).toFixed(1)} s, fingerprints ${(timings.fingerprint / 1000).toFixed(1)} s) across ${perOperation.size} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([x], [y]) => x - y)))} (seed ${SEED})`,
    );
    expect(sent).toBeGreaterThanOrEqual(2000);
    for (const op of ops)
      expect(perOperation.get(op.operationId) ?? 0, op.operationId).toBeGreaterThanOrEqual(ROUNDS * RUNS_PER_OPERATION_AND_ROUND);
    // The generator reaches past validation: successes and rule violations both occur.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(200);
    expect(statuses.get(201) ?? 0).toBeGreaterThan(50);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(200);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(100);
  }, 240_000);
});
