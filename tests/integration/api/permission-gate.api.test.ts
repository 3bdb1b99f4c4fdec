import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/platform/local-state";
import { en16931Dir, installCompiledRules } from "../../support/en16931";
import { TEMPLATE_KINDS, templateOperationName } from "@/modules/email-templates/email-templates.schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { now } from "@/lib/clock";
import { closeRateLimitStore } from "@/platform/rate-limit";
import { reloadConfig } from "@/platform/config";
import { can, type Action, type Role } from "@/platform/permissions";
import { hashToken } from "@/modules/invitations/invitations.service";
import { ensureInvoiceLink } from "@/modules/invoices/invoices.service";
import { withTenant } from "@/platform/db/tenant";
import { asWorkspaceId } from "@/lib/ids";
import postgres from "postgres";
import { inject } from "vitest";
import { ownerSql, signUp, type SignedUp } from "../../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../../support/fixtures";
import { api, apiOperations, fillPath, keyFor, type ApiOperation, type ApiResult } from "../../support/api";

/**
 * Issue 8, parts 3 and 4: every operation of the OpenAPI document × every kind of caller, checked
 * against the permission table. Allowed roles succeed (2xx, never 401/403) on a fresh workspace of
 * their own; a role the table refuses gets 403 before anything is counted or written (no RateLimit
 * headers, no idempotency row); a revoked or expired key or no credentials get 401; a session of
 * someone who is not a member gets 404; another workspace's key gets 404 for this workspace's
 * resources. After every refused request this workspace is exactly as before (row counts and
 * contents of every table that belongs to it).
 */
const owner = ownerSql();
const APP = "http://localhost:3000";
const saved = { workspace: process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE, key: process.env.API_RATE_LIMIT_KEY_PER_MINUTE };
const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));

/** What each operation is called with, on a given workspace: path values and a body that would succeed there. */
type Plan = (f: WorkspaceFixture) => { params?: Record<string, string>; body?: unknown; xml?: string };
const unique = () => randomUUID().slice(0, 8);
const PLANS: Record<string, Plan> = {
  getWorkspace: () => ({}),
  updateWorkspace: () => ({ body: { payment_terms_days: 21 } }),
  listClients: () => ({}),
  createClient: () => ({ body: { name: "Gate Client", currency: "EUR" } }),
  getClient: (f) => ({ params: { id: f.clientId } }),
  updateClient: (f) => ({ params: { id: f.clientId }, body: { name: "Gate Renamed" } }),
  deleteClient: (f) => ({ params: { id: f.spareClientId } }),
  listTaxRates: () => ({}),
  createTaxRate: () => ({ body: { name: `Gate Rate ${unique()}`, rate: "5" } }),
  getTaxRate: (f) => ({ params: { id: f.taxRateId } }),
  updateTaxRate: (f) => ({ params: { id: f.taxRateId }, body: { rate: "9" } }),
  deleteTaxRate: (f) => ({ params: { id: f.taxRateId } }),
  listInvoices: () => ({}),
  createInvoice: (f) => ({ body: { client_id: f.clientId, lines: [{ description: "Gate", quantity: "1", unit_price: "10.00" }] } }),
  getInvoice: (f) => ({ params: { id: f.draftInvoiceId } }),
  updateInvoice: (f) => ({ params: { id: f.draftInvoiceId }, body: { notes: "Gate notes" } }),
  deleteInvoice: (f) => ({ params: { id: f.draftInvoiceId } }),
  sendInvoice: (f) => ({ params: { id: f.draftInvoiceId } }),
  voidInvoice: (f) => ({ params: { id: f.draftInvoiceId } }),
  getInvoicePdf: (f) => ({ params: { id: f.sentInvoiceId } }),
  getInvoiceEinvoice: (f) => ({ params: { id: f.sentInvoiceId } }),
  validateEinvoice: () => ({ xml: readFileSync(path.join(en16931Dir(), "examples/ubl-example1.xml"), "utf8") }),
  getInvoiceLink: (f) => ({ params: { id: f.sentInvoiceId } }),
  regenerateInvoiceLink: (f) => ({ params: { id: f.sentInvoiceId } }),
  revokeInvoiceLink: (f) => ({ params: { id: f.sentInvoiceId } }),
  listPayments: (f) => ({ params: { id: f.sentInvoiceId } }),
  recordPayment: (f) => ({ params: { id: f.sentInvoiceId }, body: { amount: "1.00", paid_on: f.today, method: "cash" } }),
  deletePayment: (f) => ({ params: { id: f.paymentId } }),
  listMembers: () => ({}),
  changeMemberRole: (f) => ({ params: { user_id: f.memberUserId }, body: { role: "admin" } }),
  removeMember: (f) => ({ params: { user_id: f.memberUserId } }),
  listInvitations: () => ({}),
  createInvitation: () => ({ body: { email: `gate-${unique()}@gate.test`, role: "member" } }),
  revokeInvitation: (f) => ({ params: { id: f.invitationId } }),
  listAuditEvents: () => ({}),
  listApiKeys: () => ({}),
  createApiKey: () => ({ body: { name: `Gate Key ${unique()}`, role: "member" } }),
  revokeApiKey: (f) => ({ params: { id: f.apiKeyId } }),
  listInvoiceDeliveries: (f) => ({ params: { id: f.sentInvoiceId } }),
  resendInvoiceEmail: (f) => ({ params: { id: f.sentInvoiceId, delivery_id: f.deliveryId } }),
  listEmailTemplates: () => ({}),
  getReminderSettings: () => ({}),
  updateReminderSettings: () => ({ body: { enabled: true } }),
  listReminderRules: () => ({}),
  createReminderRule: () => ({ body: { offset_days: 45 } }),
  getReminderRule: (f) => ({ params: { id: reminderRuleOf(f) } }),
  updateReminderRule: (f) => ({ params: { id: reminderRuleOf(f) }, body: { subject: "Gate {invoice_number}" } }),
  deleteReminderRule: (f) => ({ params: { id: reminderRuleOf(f) } }),
  getInvoiceReminders: (f) => ({ params: { id: f.sentInvoiceId } }),
  updateInvoiceReminders: (f) => ({ params: { id: f.sentInvoiceId }, body: { paused: true } }),
  // One path per template kind (invoice, the reminders').
  ...Object.fromEntries(
    TEMPLATE_KINDS.flatMap((kind) => {
      const name = templateOperationName(kind);
      const plans: [string, Plan][] = [
        [`get${name}EmailTemplate`, () => ({})],
        [`update${name}EmailTemplate`, () => ({ body: { subject: "Gate {invoice_number}", message: "Gate {link}" } })],
        [`reset${name}EmailTemplate`, () => ({})],
      ];
      return plans;
    }),
  ),
};

/** The reminder rule each workspace of this test gets (the shared fixture has none: the reminder tests count them). */
const reminderRules = new Map<string, string>();
function reminderRuleOf(f: WorkspaceFixture): string {
  const id = reminderRules.get(f.workspaceId);
  if (!id) throw new Error(`no reminder rule for ${f.workspaceId}`);
  return id;
}
async function withReminderRule(sql: typeof owner, f: WorkspaceFixture): Promise<WorkspaceFixture> {
  const [rule] = await sql<{ id: string }[]>`
    insert into reminder_rules (workspace_id, offset_days, subject, message) values (${f.workspaceId}, 30, 'Gate reminder', 'Hello {link}') returning id`;
  reminderRules.set(f.workspaceId, rule!.id);
  return f;
}

/** A caller: how it authenticates, and on which workspace it acts. */
interface Caller {
  name: string;
  /** The role it acts with in the workspace under test, or how it is refused whatever the operation. */
  kind: { role: Role; session?: boolean } | { refused: 401 | 404 } | { foreign: true };
  auth: (f: WorkspaceFixture) => Promise<{ token?: string; cookie?: string }>;
}

let ops: ApiOperation[];
let W: WorkspaceFixture;
let other: WorkspaceFixture;
let memberUser: SignedUp;
let stranger: SignedUp;
let tenantTables: { table: string; column: string }[];
const keysByWorkspace = new Map<string, Partial<Record<Role, string>>>();

/** An API key for a workspace, created by its owner user, acting as `role` (one per workspace and role). */
async function keyOf(f: WorkspaceFixture, role: Role): Promise<string> {
  const keys = keysByWorkspace.get(f.workspaceId) ?? {};
  keysByWorkspace.set(f.workspaceId, keys);
  keys[role] ??= await keyFor(f.owner, role);
  return keys[role];
}

/** The member user's session, acting in `f` as a member. */
async function memberSessionIn(f: WorkspaceFixture): Promise<{ cookie: string }> {
  await owner`insert into members (id, organization_id, user_id, role) values (${randomUUID()}, ${f.workspaceId}, ${memberUser.userId}, 'member')
              on conflict do nothing`;
  await owner`update sessions set active_organization_id = ${f.workspaceId} where id = ${memberUser.sessionId}`;
  return { cookie: memberUser.cookie };
}

const CALLERS: Caller[] = [
  { name: "owner key", kind: { role: "owner" }, auth: async (f) => ({ token: await keyOf(f, "owner") }) },
  { name: "admin key", kind: { role: "admin" }, auth: async (f) => ({ token: await keyOf(f, "admin") }) },
  { name: "member key", kind: { role: "member" }, auth: async (f) => ({ token: await keyOf(f, "member") }) },
  { name: "member session", kind: { role: "member", session: true }, auth: (f) => memberSessionIn(f) },
  { name: "no credentials", kind: { refused: 401 }, auth: async () => ({}) },
  { name: "revoked key", kind: { refused: 401 }, auth: async () => ({ token: revokedKey }) },
  { name: "expired key", kind: { refused: 401 }, auth: async () => ({ token: expiredKey }) },
  { name: "non-member session", kind: { refused: 404 }, auth: async () => ({ cookie: stranger.cookie }) },
  { name: "another workspace's owner key", kind: { foreign: true }, auth: async () => ({ token: await keyOf(other, "owner") }) },
];
let revokedKey: string;
let expiredKey: string;

/** Row count and a digest of the rows of every table that belongs to a workspace (last_used_at aside: it is bookkeeping). */
async function fingerprint(workspaceId: string): Promise<Record<string, string>> {
  const parts = tenantTables.map(
    ({ table, column }) =>
      `select '${table}' as t, count(*)::text || ':' || coalesce(md5(string_agg((to_jsonb(x) - 'last_used_at')::text, ',' order by (to_jsonb(x) - 'last_used_at')::text)), '') as v from "${table}" x where "${column}" = $1`,
  );
  parts.push(
    `select 'workspaces' as t, count(*)::text || ':' || coalesce(md5(string_agg(to_jsonb(x)::text, ',')), '') as v from workspaces x where id = $1`,
  );
  const rows = await owner.unsafe<{ t: string; v: string }[]>(parts.join(" union all "), [workspaceId]);
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

async function call(op: ApiOperation, f: WorkspaceFixture, auth: { token?: string; cookie?: string }): Promise<ApiResult<unknown>> {
  const plan = PLANS[op.operationId]!(f);
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.origin = APP;
  if (op.method === "POST") headers["idempotency-key"] = `gate-${randomUUID()}`;
  const path = op.pathParams.length > 0 ? fillPath(op.path, plan.params ?? {}) : op.path;
  if (plan.xml !== undefined)
    return api(op.method, path, { ...auth, headers: { ...headers, "content-type": "application/xml" }, rawBody: plan.xml });
  return api(op.method, path, { ...auth, headers, ...(plan.body !== undefined ? { body: plan.body } : op.hasBody ? { body: {} } : {}) });
}

function describeResult(res: ApiResult<unknown>): string {
  return `${res.status} ${JSON.stringify(res.body)}`.slice(0, 300);
}

beforeAll(async () => {
  await installCompiledRules(path.join(dataDir(), "en16931"));
  process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE = "100000";
  process.env.API_RATE_LIMIT_KEY_PER_MINUTE = "100000";
  reloadConfig();
  await closeRateLimitStore();
  ops = await apiOperations();
  W = await withReminderRule(owner, await workspaceFixture(owner, "owner", "gate"));
  other = await withReminderRule(owner, await workspaceFixture(owner, "owner", "gate-other"));
  memberUser = await signUp({ name: "Gate Member", workspaceName: `Gate Member ${randomUUID().slice(0, 8)}` });
  stranger = await signUp({ name: "Gate Stranger", workspaceName: `Gate Stranger ${randomUUID().slice(0, 8)}` });
  await owner`update sessions set active_organization_id = ${W.workspaceId} where id = ${stranger.sessionId}`;

  // A key revoked through the API, and one past its expiry.
  revokedKey = await keyFor(W.owner, "owner");
  const [revokedRow] = await owner<{ id: string }[]>`select id from api_keys where key_hash = ${hashToken(revokedKey)}`;
  expect((await api("GET", "/api/v1/workspace", { token: revokedKey })).status).toBe(200);
  expect((await api("DELETE", `/api/v1/api-keys/${revokedRow!.id}`, { token: await keyOf(W, "owner") })).status).toBe(204);
  expiredKey = `wl_live_${randomBytes(32).toString("base64url")}`;
  await owner`insert into api_keys (organization_id, name, prefix, key_hash, role, created_by, expires_at)
              values (${W.workspaceId}, 'Expired', ${expiredKey.slice(0, 12)}, ${hashToken(expiredKey)}, 'owner', ${W.owner.userId},
                      ${new Date(now().getTime() - 60_000).toISOString()}::timestamptz)`;

  // Everything the callers need in W exists before the first fingerprint.
  for (const role of ["owner", "admin", "member"] as const) await keyOf(W, role);
  await keyOf(other, "owner");
  await memberSessionIn(W);

  tenantTables = await owner<{ table: string; column: string }[]>`
    select c.table_name as table, c.column_name as column from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.column_name in ('workspace_id', 'organization_id')
    order by 1`;
});

afterAll(async () => {
  restore("API_RATE_LIMIT_WORKSPACE_PER_MINUTE", saved.workspace);
  restore("API_RATE_LIMIT_KEY_PER_MINUTE", saved.key);
  reloadConfig();
  await closeRateLimitStore();
  await owner.end();
});

describe("every operation × every caller against the permission table", () => {
  it("covers every documented operation, each with a declared permission and a request plan", () => {
    expect(ops.length).toBeGreaterThanOrEqual(31);
    expect(ops.filter((op) => PLANS[op.operationId] === undefined).map((op) => op.operationId)).toEqual([]);
    expect(ops.filter((op) => op.permission === undefined).map((op) => op.operationId)).toEqual([]);
    expect(tenantTables.map((t) => t.table)).toEqual(
      expect.arrayContaining(["api_keys", "audit_events", "clients", "idempotency_keys", "invitations", "invoices", "members", "payments"]),
    );
  });

  it("refused callers change nothing and never pass the gate; allowed roles succeed on a workspace of their own", async () => {
    // One fresh workspace per allowed (operation, caller), made up front a few at a time (fixtures are most of the cost).
    const allowedPairs = ops.flatMap((op) =>
      CALLERS.filter((c) => "role" in c.kind && can(c.kind.role, op.permission as Action)).map((c) => ({ op, c })),
    );
    const fixtureSql = postgres(inject("db").owner, { max: 6, onnotice: () => {} });
    const freshFor = new Map<string, WorkspaceFixture>();
    try {
      const queue = [...allowedPairs];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let job = queue.shift(); job; job = queue.shift()) {
            const fresh = await withReminderRule(fixtureSql, await workspaceFixture(fixtureSql, "owner", "gate-ok"));
            if ("role" in job.c.kind && !job.c.kind.session) await keyOf(fresh, job.c.kind.role);
            // The fixture's sent invoice was written straight into the database, without the link sending makes.
            if (job.op.operationId === "revokeInvoiceLink") {
              await withTenant({ workspaceId: asWorkspaceId(fresh.workspaceId) }, (t) => ensureInvoiceLink(t, fresh.sentInvoiceId));
            }
            freshFor.set(`${job.op.operationId}|${job.c.name}`, fresh);
          }
        }),
      );
    } finally {
      await fixtureSql.end();
    }
    const outcomes: string[] = [];
    let allowed = 0;
    let refused = 0;
    for (const op of ops) {
      const permission = op.permission as Action;
      const label = (c: Caller) => `${op.method} ${op.path} (${permission}) as ${c.name}`;
      const before = await fingerprint(W.workspaceId);
      for (const caller of CALLERS) {
        const kind = caller.kind;
        if ("role" in kind && can(kind.role, permission)) continue; // below, on a fresh workspace
        const res = await call(op, W, await caller.auth(W));
        const expected = "refused" in kind ? kind.refused : "foreign" in kind ? (op.pathParams.length > 0 ? 404 : "2xx") : 403;
        outcomes.push(`${label(caller)} → ${res.status}`);
        refused += expected === "2xx" ? 0 : 1;
        if (expected === "2xx") {
          // Another workspace's key without a path parameter acts in its own workspace (allowed there, nothing
          // here), unless the body names one of this workspace's resources: then that id is unknown to it (422).
          const namesOurIds = JSON.stringify(PLANS[op.operationId]!(W).body ?? {}).match(/[0-9a-f-]{36}/);
          expect(res.status, `${label(caller)}: ${describeResult(res)}`).toBe(namesOurIds ? 422 : res.status < 300 ? res.status : 200);
          continue;
        }
        expect(res.status, `${label(caller)}: ${describeResult(res)}`).toBe(expected);
        expect(res.headers.get("content-type"), label(caller)).toMatch(/^application\/problem\+json/);
        if (expected === 403) expect((res.body as { code: string }).code).toBe("forbidden");
        // Refused before the rate limit (which sets these headers) and before idempotency.
        if (expected !== 404 || "refused" in kind) expect(res.headers.get("ratelimit-limit"), label(caller)).toBeNull();
      }
      expect(await fingerprint(W.workspaceId), `${op.method} ${op.path}: a refused request changed this workspace`).toEqual(before);

      for (const caller of CALLERS) {
        const kind = caller.kind;
        if (!("role" in kind) || !can(kind.role, permission)) continue;
        const fresh = freshFor.get(`${op.operationId}|${caller.name}`)!;
        const res = await call(op, fresh, await caller.auth(fresh));
        outcomes.push(`${label(caller)} → ${res.status}`);
        expect(res.status, `${label(caller)}: ${describeResult(res)}`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${label(caller)}: ${describeResult(res)}`).toBeLessThan(300);
        expect(res.headers.get("ratelimit-limit"), label(caller)).not.toBeNull();
        allowed += 1;
      }
    }
    // Every (operation, caller) pair was tried once.
    expect(outcomes).toHaveLength(ops.length * CALLERS.length);
    expect(allowed).toBe(
      ops.reduce((n, op) => n + CALLERS.filter((c) => "role" in c.kind && can(c.kind.role, op.permission as Action)).length, 0),
    );
    expect(refused).toBeGreaterThan(ops.length * 4);
    // A fresh workspace per allowed (operation, caller): over a minute on a loaded 2-core machine with 50 operations.
  }, 180_000);
});
