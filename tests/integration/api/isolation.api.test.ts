import { createHash, randomUUID } from "node:crypto";
import { today } from "@/lib/clock";
import { TEMPLATE_KINDS, templateOperationName } from "@/modules/email-templates/email-templates.schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRateLimitStore } from "@/platform/rate-limit";
import { reloadConfig } from "@/platform/config";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, workspaceSnapshot, type WorkspaceFixture } from "../../support/fixtures";
import {
  api,
  apiOperations,
  expectJson,
  expectProblem,
  fillPath,
  keyFor,
  type ApiOperation,
  type ApiResult,
  type ListBody,
} from "../../support/api";

/**
 * A key of workspace A can never read or write anything of workspace B, through any route. The
 * routes come from GET /api/v1/openapi.json, so a route added later is probed without editing this
 * file: every path parameter gets every one of B's ids, and every body a plausible value.
 */
const owner = ownerSql();
const saved = { workspace: process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE, key: process.env.API_RATE_LIMIT_KEY_PER_MINUTE };
const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));

let ops: ApiOperation[];
let A: WorkspaceFixture;
let B: WorkspaceFixture;
let tokenA: string;
let tokenB: string;
let apiKeyIdB: string;
let idsOfB: Record<string, string>;
/** Strings that must never appear in an answer to A's key: B's ids and names. */
let secretsOfB: string[];

/** A request body that would succeed for the operation in the caller's own workspace. */
function plausibleBody(op: ApiOperation, clientId: string): Record<string, unknown> | undefined {
  const bodies: Record<string, Record<string, unknown>> = {
    updateWorkspace: { name: "Hijacked Workspace", payment_terms_days: 1 },
    createClient: { name: "Probe Client", currency: "EUR" },
    updateClient: { name: "Hijacked Client", archived: true },
    createTaxRate: { name: `Probe Rate ${randomUUID().slice(0, 8)}`, rate: "1" },
    updateTaxRate: { name: "Hijacked Rate", rate: "99" },
    createInvoice: { client_id: clientId, lines: [{ description: "Probe", quantity: "1", unit_price: "1.00" }] },
    updateInvoice: { notes: "Hijacked", client_id: clientId },
    recordPayment: { amount: "1.00", paid_on: today(), method: "cash" },
    changeMemberRole: { role: "admin" },
    createInvitation: { email: `probe-${randomUUID().slice(0, 8)}@isolation.test`, role: "member" },
    createApiKey: { name: "Probe Key", role: "member" },
    updateReminderSettings: { enabled: true },
    updateReminderRule: { subject: "Hijacked {invoice_number}" },
    createReminderRule: { offset_days: 12 },
    updateInvoiceReminders: { paused: true },
    ...Object.fromEntries(
      TEMPLATE_KINDS.map((kind) => [
        `update${templateOperationName(kind)}EmailTemplate`,
        { subject: "Hijacked {invoice_number}", message: "Hijacked" },
      ]),
    ),
  };
  return bodies[op.operationId] ?? (op.hasBody ? {} : undefined);
}

/** Everything B owns, including what workspaceSnapshot leaves out (API keys, outbox, idempotency keys). */
async function snapshotOfB() {
  return {
    ...(await workspaceSnapshot(owner, B.workspaceId)),
    apiKeys:
      await owner`select id, name, role, created_by, expires_at, revoked_at from api_keys where organization_id = ${B.workspaceId} order by id`,
    outbox: await owner`select id, to_address, subject from outbox_emails where workspace_id = ${B.workspaceId} order by id`,
    emailTemplates: await owner`select kind, subject, message from email_templates where workspace_id = ${B.workspaceId} order by kind`,
    deliveries:
      await owner`select id, status, recipients, subject from invoice_deliveries where workspace_id = ${B.workspaceId} order by id`,
    idempotency:
      await owner`select key, request_hash, status, response_body from idempotency_keys where workspace_id = ${B.workspaceId} order by key`,
  };
}

function expectNoneOfB(res: ApiResult<unknown>, label: string) {
  const text = JSON.stringify(res.body);
  for (const s of secretsOfB) expect(text.includes(s), `${label} leaked ${s}`).toBe(false);
}

beforeAll(async () => {
  // This file makes a few hundred requests with one key: lift the budgets so that every answer comes from the route.
  process.env.API_RATE_LIMIT_WORKSPACE_PER_MINUTE = "100000";
  process.env.API_RATE_LIMIT_KEY_PER_MINUTE = "100000";
  reloadConfig();
  await closeRateLimitStore();
  ops = await apiOperations();
  A = await workspaceFixture(owner, "owner", "iso-a");
  B = await workspaceFixture(owner, "owner", "iso-b");
  tokenA = await keyFor(A.actor, "owner");
  tokenB = await keyFor(B.owner, "owner");
  const [row] = await owner<
    { id: string }[]
  >`select id from api_keys where key_hash = ${createHash("sha256").update(tokenB).digest("hex")}`;
  apiKeyIdB = row!.id;
  // B has an outbox email and a stored idempotent answer under a key A will reuse.
  expect(
    (await api("POST", "/api/v1/invitations", { token: tokenB, body: { email: "b-guest@isolation.test", role: "member" } })).status,
  ).toBe(201);
  expect(
    (
      await api("POST", "/api/v1/clients", {
        token: tokenB,
        body: { name: "B Idempotent", currency: "EUR" },
        headers: { "idempotency-key": "shared-key" },
      })
    ).status,
  ).toBe(201);
  idsOfB = {
    client: B.clientId,
    spareClient: B.spareClientId,
    taxRate: B.taxRateId,
    draftInvoice: B.draftInvoiceId,
    sentInvoice: B.sentInvoiceId,
    payment: B.paymentId,
    invitation: B.invitationId,
    member: B.memberUserId,
    admin: B.adminUserId,
    owner: B.owner.userId,
    actor: B.actor.userId,
    apiKey: apiKeyIdB,
    workspace: B.workspaceId,
  };
  const [bClient] = await owner<{ id: string }[]>`select id from clients where workspace_id = ${B.workspaceId} and name = 'B Idempotent'`;
  secretsOfB = [...Object.values(idsOfB), bClient!.id, B.name, "B Idempotent", "b-guest@isolation.test"];
});

afterAll(async () => {
  restore("API_RATE_LIMIT_WORKSPACE_PER_MINUTE", saved.workspace);
  restore("API_RATE_LIMIT_KEY_PER_MINUTE", saved.key);
  reloadConfig();
  await closeRateLimitStore();
  await owner.end();
});

describe("isolation through every documented route", () => {
  it("every operation with a path parameter answers 404 to each of B's ids (A's owner key), and B is unchanged", async () => {
    const withParams = ops.filter((op) => op.pathParams.length > 0);
    expect(withParams.length).toBeGreaterThanOrEqual(19);
    const before = await snapshotOfB();
    let probes = 0;
    for (const op of withParams) {
      for (const [kind, id] of Object.entries(idsOfB)) {
        const body = plausibleBody(op, A.clientId);
        const res = await api(op.method, fillPath(op.path, id), { token: tokenA, ...(body !== undefined ? { body } : {}) });
        const label = `${op.method} ${op.path} with B's ${kind}`;
        expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(404);
        expectProblem(res, 404, "not_found");
        expectNoneOfB(res, label);
        probes += 1;
      }
    }
    expect(probes).toBe(withParams.length * Object.keys(idsOfB).length);
    expect(await snapshotOfB()).toEqual(before);
  });

  it("the same operations with A's own ids do reach the routes (so the 404s above are the wall, not a broken probe)", async () => {
    const own: Record<string, string> = {
      getClient: A.clientId,
      getTaxRate: A.taxRateId,
      getInvoice: A.sentInvoiceId,
      getInvoicePdf: A.sentInvoiceId,
      getInvoiceEinvoice: A.sentInvoiceId,
      listPayments: A.sentInvoiceId,
    };
    const reads = ops.filter((o) => own[o.operationId] !== undefined);
    expect(reads.map((o) => o.operationId).sort()).toEqual(Object.keys(own).sort());
    for (const op of reads) {
      expect((await api(op.method, fillPath(op.path, own[op.operationId]!), { token: tokenA })).status, op.operationId).toBe(200);
    }
  });

  it("every list answers exactly A's rows, whatever workspace the header or query names", async () => {
    const counts: Record<string, () => Promise<number>> = {
      "/api/v1/clients": async () =>
        Number(
          (
            await owner<{ n: string }[]>`select count(*) as n from clients where workspace_id = ${A.workspaceId} and archived_at is null`
          )[0]!.n,
        ),
      "/api/v1/tax-rates": async () =>
        Number(
          (
            await owner<{ n: string }[]>`select count(*) as n from tax_rates where workspace_id = ${A.workspaceId} and archived_at is null`
          )[0]!.n,
        ),
      "/api/v1/invoices": async () =>
        Number((await owner<{ n: string }[]>`select count(*) as n from invoices where workspace_id = ${A.workspaceId}`)[0]!.n),
      "/api/v1/members": async () =>
        Number((await owner<{ n: string }[]>`select count(*) as n from members where organization_id = ${A.workspaceId}`)[0]!.n),
      "/api/v1/invitations": async () =>
        Number(
          (
            await owner<
              { n: string }[]
            >`select count(*) as n from invitations where organization_id = ${A.workspaceId} and status = 'pending'`
          )[0]!.n,
        ),
      "/api/v1/audit-events": async () =>
        Number((await owner<{ n: string }[]>`select count(*) as n from audit_events where workspace_id = ${A.workspaceId}`)[0]!.n),
      "/api/v1/api-keys": async () =>
        Number((await owner<{ n: string }[]>`select count(*) as n from api_keys where organization_id = ${A.workspaceId}`)[0]!.n),
    };
    const lists = ops.filter((op) => op.method === "GET" && op.pathParams.length === 0);
    for (const op of lists) {
      for (const opts of [
        {},
        { headers: { "x-workspace-id": B.workspaceId } },
        { query: `workspace_id=${B.workspaceId}` },
        { query: `organization_id=${B.workspaceId}&workspace=${B.workspaceId}` },
      ]) {
        const query = "query" in opts ? `?${opts.query}&limit=100` : "?limit=100";
        const url = op.path === "/api/v1/workspace" ? op.path + ("query" in opts ? `?${opts.query}` : "") : op.path + query;
        const res = await api<Record<string, unknown>>("GET", url, {
          token: tokenA,
          ...("headers" in opts ? { headers: opts.headers } : {}),
        });
        expect(res.status, `${op.path} ${JSON.stringify(opts)}`).toBe(200);
        expectNoneOfB(res, `GET ${url}`);
        const count = counts[op.path];
        if (count)
          expect((res.body as unknown as ListBody<unknown>).data, `${op.path} ${JSON.stringify(opts)}`).toHaveLength(await count());
        if (op.path === "/api/v1/workspace") expect(res.body.id).toBe(A.workspaceId);
      }
    }
    expect(lists.filter((op) => counts[op.path] !== undefined)).toHaveLength(Object.keys(counts).length);
    // Exact numbers for the fixture's lists (not only "the same as the database").
    expect(expectJson(await api<ListBody<unknown>>("GET", "/api/v1/clients", { token: tokenA }), 200).data).toHaveLength(2);
    expect(expectJson(await api<ListBody<unknown>>("GET", "/api/v1/invoices", { token: tokenA }), 200).data).toHaveLength(2);
    expect(expectJson(await api<ListBody<unknown>>("GET", "/api/v1/members", { token: tokenA }), 200).data).toHaveLength(4);
    expect(expectJson(await api<ListBody<unknown>>("GET", "/api/v1/tax-rates", { token: tokenA }), 200).data).toHaveLength(1);
    expect(
      expectJson(await api<ListBody<unknown>>("GET", `/api/v1/invoices/${A.sentInvoiceId}/payments`, { token: tokenA }), 200).data,
    ).toHaveLength(1);
  });

  it("a workspace_id in the body is refused (400) on every write without path parameters; in a header or query it is ignored and A is acted on", async () => {
    // (validateEinvoice takes an XML document, not JSON, and writes nothing: its own test covers it.)
    const writes = ops.filter((op) => op.method !== "GET" && op.pathParams.length === 0 && op.operationId !== "validateEinvoice");
    expect(writes.length).toBeGreaterThanOrEqual(6);
    const before = await snapshotOfB();
    for (const op of writes) {
      const body = plausibleBody(op, A.clientId) ?? {};
      for (const extra of [{ workspace_id: B.workspaceId }, { workspaceId: B.workspaceId }, { organization_id: B.workspaceId }]) {
        const refused = await api(op.method, op.path, { token: tokenA, body: { ...body, ...extra } });
        expectProblem(refused, 400, "bad_request");
      }
      const res = await api<Record<string, unknown>>(op.method, `${op.path}?workspace_id=${B.workspaceId}`, {
        token: tokenA,
        headers: { "x-workspace-id": B.workspaceId, "x-organization-id": B.workspaceId },
        body: plausibleBody(op, A.clientId) ?? {},
      });
      expect(res.status, `${op.method} ${op.path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      expectNoneOfB(res, `${op.method} ${op.path}`);
    }
    expect(await snapshotOfB()).toEqual(before);
    // What those writes did landed in A.
    const [ws] = await owner<{ name: string }[]>`select name from workspaces where id = ${A.workspaceId}`;
    expect(ws!.name).toBe("Hijacked Workspace");
    const [clients] = await owner<
      { n: string }[]
    >`select count(*) as n from clients where workspace_id = ${A.workspaceId} and name = 'Probe Client'`;
    expect(clients!.n).toBe("1");
    const [invoices] = await owner<{ n: string }[]>`select count(*) as n from invoices where workspace_id = ${A.workspaceId}`;
    expect(invoices!.n).toBe("3");
  });

  it("B's ids inside request bodies are refused too (client, tax rate), and B is unchanged", async () => {
    const before = await snapshotOfB();
    const invoice = await api("POST", "/api/v1/invoices", { token: tokenA, body: { client_id: B.clientId } });
    expectProblem(invoice, 422, "validation_failed");
    const line = await api("POST", "/api/v1/invoices", {
      token: tokenA,
      body: { client_id: A.clientId, lines: [{ description: "X", quantity: "1", unit_price: "1.00", tax_rate_id: B.taxRateId }] },
    });
    expectProblem(line, 422, "validation_failed");
    const move = await api("PATCH", `/api/v1/invoices/${A.draftInvoiceId}`, { token: tokenA, body: { client_id: B.clientId } });
    expectProblem(move, 422, "validation_failed");
    for (const res of [invoice, line, move]) expectNoneOfB(res, "body ids");
    expect(await snapshotOfB()).toEqual(before);
  });

  it("an Idempotency-Key B already used does not replay B's answer to A", async () => {
    const res = await api<{ id: string; name: string }>("POST", "/api/v1/clients", {
      token: tokenA,
      body: { name: "B Idempotent", currency: "EUR" },
      headers: { "idempotency-key": "shared-key" },
    });
    expect([res.status, res.headers.get("idempotent-replayed")]).toEqual([201, null]);
    const [row] = await owner<{ workspace_id: string }[]>`select workspace_id from clients where id = ${res.body.id}`;
    expect(row!.workspace_id).toBe(A.workspaceId);
  });
});
