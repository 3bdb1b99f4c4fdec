import { randomUUID } from "node:crypto";
import { reloadConfig } from "@/platform/config";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getRequestListener } from "@hono/node-server";
import { createAppListener } from "@/http/http-listener";
import { docsAssets } from "@/http/docs";
import { createInvitation, revokeInvitation } from "@/modules/invitations/invitations.service";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";
import { api, apiApp, apiOperations, fillPath, keyFor, type ApiOperation } from "../support/api";
import { expectNoncedDocument, expectSecurityHeaders, nonceOf, openingTags } from "../support/security-headers";

/*
 * Every kind of answer the Node server gives without Next.js carries the browser security headers:
 * every REST operation of the OpenAPI document (answered, refused, replayed, not found), the API docs,
 * the invitation gate's pages, and what the server hands on to Next.js (static assets). The pages
 * Next.js renders are checked against the real server in tests/e2e/security-headers.test.ts.
 */

const owner = ownerSql();
const savedAppUrl = process.env.APP_URL;
afterEach(() => {
  process.env.APP_URL = savedAppUrl;
  reloadConfig();
});
afterAll(() => owner.end());

const HTTP_URL = "http://localhost:3000";
const HTTPS_URL = "https://ledger.example.com";
const schemes = [
  { https: false, appUrl: HTTP_URL },
  { https: true, appUrl: HTTPS_URL },
];

let fx: WorkspaceFixture;
let token: string;
let operations: ApiOperation[];

beforeAll(async () => {
  fx = await workspaceFixture(owner, "owner", "headers");
  // A reminder rule to read (the shared fixture has none: the reminder tests count them).
  const [rule] = await owner<{ id: string }[]>`
    insert into reminder_rules (workspace_id, offset_days, subject, message) values (${fx.workspaceId}, 30, 'Headers', 'Hello') returning id`;
  reminderRuleId = rule!.id;
  token = await keyFor(fx.actor, "owner");
  operations = await apiOperations();
});

let reminderRuleId = "";

/** Real ids for reads (so they answer 200), by the collection the path names. */
function realIds(path: string): Record<string, string> {
  const collection = /^\/api\/v1\/([a-z-]+)/.exec(path)?.[1];
  const id =
    {
      clients: fx.clientId,
      invoices: fx.sentInvoiceId,
      "tax-rates": fx.taxRateId,
      payments: fx.paymentId,
      invitations: fx.invitationId,
      "api-keys": fx.apiKeyId,
      "reminder-rules": reminderRuleId,
    }[collection ?? ""] ?? randomUUID();
  return { id, user_id: fx.memberUserId };
}

describe("the REST API's answers", () => {
  for (const { https, appUrl } of schemes) {
    it(`every operation of the OpenAPI document, answered or refused, with APP_URL ${appUrl}`, async () => {
      process.env.APP_URL = appUrl;
      reloadConfig();
      expect(operations.length).toBeGreaterThanOrEqual(30);
      const statuses = new Set<number>();
      for (const op of operations) {
        const where = `${op.method} ${op.path}`;
        // No credentials: 401 problem+json.
        const anonymous = await api(op.method, fillPath(op.path, randomUUID()), op.hasBody ? { body: {} } : {});
        expect(anonymous.status, where).toBe(401);
        expectSecurityHeaders(anonymous.headers, { https, where: `${where} without a key` });
        // A read with real ids (200, a PDF for the invoice PDF), a change that is refused (400/404/409/422):
        // nothing in the fixture changes.
        const isRead = op.method === "GET";
        const res = await api(op.method, fillPath(op.path, isRead ? realIds(op.path) : { id: randomUUID(), user_id: randomUUID() }), {
          token,
          ...(op.hasBody ? { body: { unknown_field: true } } : {}),
        });
        if (isRead) expect(res.status, where).toBe(200);
        else expect(res.status, where).toBeGreaterThanOrEqual(400);
        statuses.add(res.status);
        const directives = expectSecurityHeaders(res.headers, { https, where });
        // JSON, problem documents and downloads are not documents: they may load and run nothing.
        expect(directives.get("default-src"), where).toEqual(["'none'"]);
      }
      expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 404]));
    });
  }

  it("a replayed answer (Idempotency-Key), an unknown route, a malformed body and the OpenAPI document", async () => {
    const key = `headers-${randomUUID()}`;
    const body = { name: `Replayed ${randomUUID().slice(0, 6)}`, currency: "EUR" };
    const first = await api("POST", "/api/v1/clients", { token, body, headers: { "idempotency-key": key } });
    const replay = await api("POST", "/api/v1/clients", { token, body, headers: { "idempotency-key": key } });
    expect([first.status, replay.status, replay.headers.get("idempotent-replayed")]).toEqual([201, 201, "true"]);
    const answers = {
      first,
      replay,
      "unknown route": await api("GET", "/api/v1/no-such-thing", { token }),
      "outside /api/v1": await api("GET", "/api/elsewhere"),
      "malformed JSON": await api("POST", "/api/v1/clients", { token, rawBody: "{", headers: { "content-type": "application/json" } }),
      "not JSON": await api("POST", "/api/v1/clients", {
        token,
        rawBody: "name=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      "OpenAPI document": await api("GET", "/api/v1/openapi.json"),
      "docs bundle": await api("GET", docsAssets().bundle.path),
    };
    expect([
      answers["unknown route"].status,
      answers["outside /api/v1"].status,
      answers["malformed JSON"].status,
      answers["not JSON"].status,
      answers["docs bundle"].status,
    ]).toEqual([404, 404, 400, 415, 200]);
    for (const [where, res] of Object.entries(answers)) expectSecurityHeaders(res.headers, { https: false, where });
  });

  it("the API docs page: its scripts carry a nonce that is new on every request", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await apiApp.fetch(new Request(`${HTTP_URL}/api/docs`));
      const html = await res.text();
      expect(res.status).toBe(200);
      const directives = expectSecurityHeaders(res.headers, { https: false, where: "/api/docs" });
      expect(directives.get("default-src")).toEqual(["'none'"]);
      const nonce = nonceOf(res.headers.get("content-security-policy")!)!;
      expect(nonce).toBeTruthy();
      expect(expectNoncedDocument(html, nonce, "/api/docs")).toBe(2);
      nonces.push(nonce);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});

describe("the Node server, before Next.js", () => {
  let server: Server;
  let base = "";
  /** What the stand-in for Next.js saw: it must never see a policy or nonce the client chose. */
  const seenByNext: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    const listener = createAppListener({
      api: getRequestListener(apiApp.fetch),
      // Stands in for Next.js serving a static file: it writes only its own headers.
      next: (req, res) => {
        seenByNext.push({ ...req.headers });
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=31536000, immutable" });
        res.end("console.log('asset')");
      },
    });
    server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function deadInvitationToken(): Promise<string> {
    const sent = await createInvitation(
      { ...fx.owner, workspaceName: fx.name },
      { email: `gone-${randomUUID().slice(0, 8)}@example.test`, role: "member" },
      { ip: "127.0.0.1" },
    );
    await revokeInvitation(fx.owner, sent.id);
    return new URL(sent.link).pathname.split("/").pop()!;
  }

  for (const { https, appUrl } of schemes) {
    it(`puts the headers on what Next.js serves, the API's answers and the invitation gate's pages, with APP_URL ${appUrl}`, async () => {
      process.env.APP_URL = appUrl;
      reloadConfig();
      const forged = { "content-security-policy": "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='", "x-nonce": "AAAAAAAAAAAAAAAAAAAAAA==" };
      seenByNext.length = 0;
      const asset = await fetch(`${base}/_next/static/chunks/app.js`, { headers: forged });
      expect(await asset.text()).toBe("console.log('asset')");
      expect(expectSecurityHeaders(asset.headers, { https, where: "a static asset" }).get("default-src")).toEqual(["'none'"]);
      expect(seenByNext).toHaveLength(1);
      expect(seenByNext[0]!["content-security-policy"]).toBeUndefined();
      expect(seenByNext[0]!["x-nonce"]).toBeUndefined();

      const apiAnswer = await fetch(`${base}/api/v1/clients`, { headers: { authorization: `Bearer ${token}` } });
      expect(apiAnswer.status).toBe(200);
      expectSecurityHeaders(apiAnswer.headers, { https, where: "GET /api/v1/clients through the server" });
      const refused = await fetch(`${base}/api/v1/clients`);
      expect(refused.status).toBe(401);
      expectSecurityHeaders(refused.headers, { https, where: "a 401 through the server" });

      const nonces = new Set<string>();
      const dead = await deadInvitationToken();
      for (let i = 0; i < 3; i++) {
        const gate = await fetch(`${base}/invite/${dead}`);
        const html = await gate.text();
        expect(gate.status).toBe(410);
        expect(html).toContain("This invitation was withdrawn.");
        const directives = expectSecurityHeaders(gate.headers, { https, where: "the invitation gate's 410 page" });
        expect(directives.get("default-src")).toEqual(["'none'"]);
        const nonce = nonceOf(gate.headers.get("content-security-policy")!)!;
        expect(openingTags(html, "style")).toHaveLength(1);
        expect(expectNoncedDocument(html, nonce, "the invitation gate")).toBe(0);
        nonces.add(nonce);
      }
      expect(nonces.size).toBe(3);
    });
  }
});
