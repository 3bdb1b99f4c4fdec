import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  appRoutes,
  expectAppPagePolicy,
  expectNoncedDocument,
  expectSecurityHeaders,
  fillRoute,
  nonceOf,
  openingTags,
} from "../support/security-headers";

/*
 * The real server (production build, as `npm start` runs it), over plain HTTP: every page and route
 * handler of the src/app tree, signed in and out, every REST operation of the OpenAPI document, the
 * static assets the pages load, Better Auth, the API docs and the invitation gate carry the headers,
 * and every page's scripts carry that response's own nonce. APP_URL is http here: no HSTS (the https
 * case is covered in tests/integration/security-headers.test.ts and tests/unit/security-headers.test.ts).
 */

const base = inject("appUrl");
const http = { https: false };

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function get(path: string, opts: { cookie?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    redirect: "manual",
    headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function send(method: string, path: string, cookie: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    redirect: "manual",
    headers: { cookie, origin: base, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

let cookie = "";
const ids: Record<string, string> = {};
let deadInviteToken = "";
/** Every nonce the server sent, to prove none is ever reused. */
const nonces: string[] = [];

beforeAll(async () => {
  const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({
      name: "Header Tester",
      email: `headers-${randomUUID()}@example.test`,
      password: "correct horse battery staple",
      workspaceName: "Header Studio",
    }),
  });
  expect(signUp.status).toBe(200);
  cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const client = await send("POST", "/api/v1/clients", cookie, { name: "Header Client", currency: "EUR" });
  expect(client.status, client.body).toBe(201);
  const invoice = await send("POST", "/api/v1/invoices", cookie, {
    client_id: (JSON.parse(client.body) as { id: string }).id,
    lines: [{ description: "Design", quantity: "2", unit_price: "150.00" }],
  });
  expect(invoice.status, invoice.body).toBe(201);
  // A second invoice, sent: its public link (/i/<token>) is a page of the app too.
  const toSend = await send("POST", "/api/v1/invoices", cookie, {
    client_id: (JSON.parse(client.body) as { id: string }).id,
    lines: [{ description: "Hosting", quantity: "1", unit_price: "20.00" }],
  });
  const sentId = (JSON.parse(toSend.body) as { id: string }).id;
  expect((await send("POST", `/api/v1/invoices/${sentId}/send`, cookie)).status).toBe(200);
  const link = await send("GET", `/api/v1/invoices/${sentId}/link`, cookie);
  expect(link.status, link.body).toBe(200);
  const publicToken = new URL((JSON.parse(link.body) as { url: string }).url).pathname.split("/")[2]!;
  const live = await send("POST", "/api/v1/invitations", cookie, {
    email: `live-${randomUUID().slice(0, 8)}@example.test`,
    role: "member",
  });
  const dead = await send("POST", "/api/v1/invitations", cookie, {
    email: `dead-${randomUUID().slice(0, 8)}@example.test`,
    role: "member",
  });
  expect([live.status, dead.status]).toEqual([201, 201]);
  const tokenOf = (a: Answer) => new URL((JSON.parse(a.body) as { link: string }).link).pathname.split("/").pop()!;
  deadInviteToken = tokenOf(dead);
  expect((await send("DELETE", `/api/v1/invitations/${(JSON.parse(dead.body) as { id: string }).id}`, cookie)).status).toBe(204);
  Object.assign(ids, {
    "clients/[id]": (JSON.parse(client.body) as { id: string }).id,
    "invoices/[id]": (JSON.parse(invoice.body) as { id: string }).id,
    "invite/[token]": tokenOf(live),
    "i/[token]": publicToken,
    "auth/[...all]": "get-session",
  });
});

/** The page's headers, and every script and style element of its HTML with this response's nonce. */
function expectPage(answer: Answer, where: string): string {
  const directives = expectSecurityHeaders(answer.headers, { ...http, where });
  const nonce = expectAppPagePolicy(directives, where);
  expect(answer.headers.get("content-type"), where).toMatch(/^text\/html/);
  expect(expectNoncedDocument(answer.body, nonce, where), `${where}: scripts`).toBeGreaterThan(0);
  nonces.push(nonce);
  return nonce;
}

describe("the Next.js app's routes, from the src/app tree", () => {
  const routes = appRoutes();

  it("finds the app's pages and its downloads", () => {
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toEqual(
      expect.arrayContaining(["/dashboard", "/sign-in", "/invoices/[id]", "/invoices/[id]/pdf", "/invoices/export.csv", "/invite/[token]"]),
    );
    expect(routes.filter((r) => r.kind === "page").length).toBeGreaterThanOrEqual(20);
  });

  it("every page, signed in and signed out, as a document and as the client router's request", async () => {
    const rendered = new Set<string>();
    for (const route of routes.filter((r) => r.kind === "page")) {
      const url = fillRoute(route.pattern, ids);
      for (const who of [
        { label: "signed in", cookie },
        { label: "signed out", cookie: "" },
      ]) {
        const where = `${url} (${who.label})`;
        const answer = await get(url, { cookie: who.cookie });
        if (answer.status === 200 || answer.status === 404) {
          expectPage(answer, where);
          rendered.add(route.pattern);
        } else {
          // Redirects (to /sign-in, /dashboard, /workspaces) come from the same proxy with the same policy.
          expect([303, 307, 308], where).toContain(answer.status);
          expectAppPagePolicy(expectSecurityHeaders(answer.headers, { ...http, where }), where);
        }
        // The client router's requests for the same page (RSC payload) and a prefetch.
        for (const headers of [{ rsc: "1" }, { rsc: "1", "next-router-prefetch": "1" }] as Record<string, string>[]) {
          const flight = await get(url, { cookie: who.cookie, headers });
          expect(flight.status, `${where} ${JSON.stringify(headers)}`).toBeLessThan(500);
          expectSecurityHeaders(flight.headers, { ...http, where: `${where} ${JSON.stringify(headers)}` });
        }
      }
    }
    // Each page rendered as HTML for one of the two visitors, but the one that only ever redirects them
    // (onboarding, for people who have no workspace). The home page is the landing page for visitors.
    const redirectOnly = routes.filter((r) => r.kind === "page" && !rendered.has(r.pattern)).map((r) => r.pattern);
    expect(redirectOnly).toEqual(["/onboarding"]);
  });

  it("every route handler: the invoice PDF, the CSV export and Better Auth", async () => {
    for (const route of routes.filter((r) => r.kind === "route handler")) {
      const url = fillRoute(route.pattern, ids);
      for (const who of [cookie, ""]) {
        const answer = await get(url, { cookie: who });
        const where = `${url} (${who ? "signed in" : "signed out"}: ${answer.status})`;
        expect(answer.status, where).toBeLessThan(500);
        expectSecurityHeaders(answer.headers, { ...http, where });
      }
    }
    const pdf = await fetch(`${base}${fillRoute("/invoices/[id]/pdf", ids)}`, { headers: { cookie } });
    expect([pdf.status, pdf.headers.get("content-type")]).toEqual([200, "application/pdf"]);
    expect((await pdf.text()).startsWith("%PDF")).toBe(true);
    const csv = await get("/invoices/export.csv", { cookie });
    expect([csv.status, csv.headers.get("content-type")]).toEqual([200, "text/csv; charset=utf-8"]);
    expect(csv.body).toContain("Header Client");
  });

  it("an unknown URL, a missing workspace resource and a server action from nowhere", async () => {
    const where404 = "an unknown URL";
    const unknown = await get(`/no-such-page-${randomUUID()}`, { cookie });
    expect(unknown.status).toBe(404);
    expectPage(unknown, where404);
    const missing = await get(`/clients/${randomUUID()}`, { cookie });
    expect(missing.status).toBe(404);
    expectPage(missing, "another workspace's client");
    const action = await fetch(`${base}/clients/new`, {
      method: "POST",
      headers: { cookie, origin: base, "next-action": "0".repeat(42), "content-type": "text/plain" },
      body: "[]",
    });
    expectSecurityHeaders(action.headers, { ...http, where: `an unknown server action (${action.status})` });
  });

  it("every nonce is new: two requests for the same page never share one", async () => {
    const again = [
      await get("/sign-in"),
      await get("/sign-in"),
      await get("/dashboard", { cookie }),
      await get("/dashboard", { cookie }),
    ].map((a, i) => expectPage(a, `request ${i}`));
    expect(new Set(again).size).toBe(again.length);
    expect(nonces.length).toBeGreaterThan(20);
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});

describe("what the pages load, and what the Node server answers itself", () => {
  it("the scripts and stylesheets the pages load", async () => {
    const assets = new Set<string>();
    for (const page of ["/sign-in", "/dashboard", "/invoices/new"]) {
      const html = (await get(page, { cookie })).body;
      for (const tag of [...openingTags(html, "script"), ...openingTags(html, "link")]) {
        const src = /\s(?:src|href)="(\/_next\/static\/[^"]+)"/.exec(tag)?.[1];
        if (src) assets.add(src);
      }
    }
    expect(assets.size).toBeGreaterThan(5);
    for (const asset of [...assets, "/_next/static/chunks/no-such-chunk.js", "/favicon.ico"]) {
      const answer = await get(asset);
      expect(answer.status, asset).toBeLessThan(500);
      const directives = expectSecurityHeaders(answer.headers, { ...http, where: `${asset} (${answer.status})` });
      if (asset.startsWith("/_next/static/")) expect(directives.get("default-src"), asset).toEqual(["'none'"]);
    }
  });

  it("every REST operation, the OpenAPI document, the API docs and the invitation gate", async () => {
    const doc = await get("/api/v1/openapi.json");
    expectSecurityHeaders(doc.headers, { ...http, where: "/api/v1/openapi.json" });
    const paths = (JSON.parse(doc.body) as { paths: Record<string, Record<string, unknown>> }).paths;
    let operations = 0;
    for (const [path, methods] of Object.entries(paths)) {
      for (const method of Object.keys(methods)) {
        const url = path.replace(/\{[a-z_]+\}/g, randomUUID());
        for (const who of [cookie, ""]) {
          const answer = await send(method.toUpperCase(), url, who, method === "get" || method === "delete" ? undefined : {});
          const where = `${method.toUpperCase()} ${path} (${answer.status})`;
          expect(answer.status, where).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.headers.get("content-type"), where).toMatch(/^application\/problem\+json/);
          expect(expectSecurityHeaders(answer.headers, { ...http, where }).get("default-src"), where).toEqual(["'none'"]);
        }
        operations += 1;
      }
    }
    expect(operations).toBeGreaterThanOrEqual(30);
    expectSecurityHeaders((await get("/api/v1/no-such-route", { cookie })).headers, { ...http, where: "an unknown API route" });

    const docs = await get("/api/docs");
    const docsNonce = nonceOf(docs.headers.get("content-security-policy") ?? "");
    expectSecurityHeaders(docs.headers, { ...http, where: "/api/docs" });
    expect(expectNoncedDocument(docs.body, docsNonce!, "/api/docs")).toBe(2);
    const docsAssets = [...openingTags(docs.body, "script"), ...openingTags(docs.body, "link")].map(
      (tag) => /\s(?:src|href)="([^"]+)"/.exec(tag)?.[1] ?? "",
    );
    expect(docsAssets).toHaveLength(3);
    for (const asset of docsAssets) {
      const answer = await get(asset);
      expect(answer.status, asset).toBe(200);
      expect(expectSecurityHeaders(answer.headers, { ...http, where: asset }).get("default-src"), asset).toEqual(["'none'"]);
    }

    const gate = await get(`/invite/${deadInviteToken}`);
    expect(gate.status).toBe(410);
    expectSecurityHeaders(gate.headers, { ...http, where: "the invitation gate" });
    const gateNonce = nonceOf(gate.headers.get("content-security-policy") ?? "");
    expect(openingTags(gate.body, "style")).toHaveLength(1);
    expectNoncedDocument(gate.body, gateNonce!, "the invitation gate");
  });
});
