import { beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { uniqueSuffix } from "../support/browser";

/*
 * The UI's pages and downloads against query strings nobody types on purpose (NUL bytes, broken
 * Unicode, years 0000 and 9999, foreign ids, huge numbers), through the real app (production build,
 * its own database): every answer is a page with a readable message or a 4xx, never a 500. Plain
 * HTTP with the session cookie: what is tested is the server's answer, not the browser.
 */

const appUrl = () => inject("appUrl");
let cookie = "";

beforeAll(async () => {
  const run = uniqueSuffix();
  const res = await fetch(`${appUrl()}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl() },
    body: JSON.stringify({
      name: "Odd Queries",
      email: `odd-${run}@example.test`,
      password: `odd queries ${run} passphrase`,
      workspaceName: `Odd ${run}`,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  // Something to list and export.
  const client = await fetch(`${appUrl()}/api/v1/clients`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl(), cookie },
    body: JSON.stringify({ name: "Odd Client", currency: "EUR" }),
  });
  expect(client.status).toBe(201);
});

async function get(path: string): Promise<{ status: number; type: string; text: string }> {
  // From a client address of its own (the server trusts the proxy header in e2e): the hostile invitation
  // tokens below spend that address's budget of misses, not the one the other browser tests share.
  const res = await fetch(`${appUrl()}${path}`, { headers: { cookie, "x-forwarded-for": "203.0.113.77" }, redirect: "manual" });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** Values for any query parameter that no form produces. Percent-encoded as they would arrive. */
const HOSTILE = [
  "%00",
  "a%00b",
  "%ED%A0%80", // a lone surrogate, as UTF-8 bytes PostgreSQL refuses
  "%FF%FE",
  "0000-01-01",
  "9999-12-31",
  "2026-02-30",
  "0000-01-01T00:00:00Z",
  "99999999999999999999",
  "-1",
  "0",
  "1e308",
  "%25%5F%5C",
  "x".repeat(5000),
  "00000000-0000-0000-0000-000000000000",
  "%27%3B%20drop%20table%20invoices%3B--",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
];

const PAGES: Record<string, string[]> = {
  "/clients": ["q", "status", "page"],
  "/invoices": ["q", "status", "clientId", "issuedFrom", "issuedTo", "sort", "dir", "page"],
  "/invoices/export.csv": ["q", "status", "clientId", "issuedFrom", "issuedTo", "sort", "dir"],
  "/audit": ["action", "page"],
  "/invoices/new": ["clientId"],
  "/dashboard": ["q"],
};

describe("pages and downloads with odd query strings", () => {
  it("answer every hostile value of every parameter with a page or a 4xx, never a 5xx", async () => {
    let requests = 0;
    for (const [path, params] of Object.entries(PAGES)) {
      for (const param of params) {
        for (const value of HOSTILE) {
          const res = await get(`${path}?${param}=${value}`);
          requests += 1;
          const label = `GET ${path}?${param}=${value.slice(0, 40)} → ${res.status}`;
          expect(res.status, label).toBeLessThan(500);
          if (res.type.startsWith("text/html")) {
            expect(res.status, label).toBe(200);
            // Never Next's error page in place of the content.
            expect(res.text, label).not.toMatch(/Application error|Internal Server Error/);
          } else if (res.status >= 400) {
            // A refused download says why, in text a person can read.
            expect(res.type, label).toMatch(/^text\/plain/);
            expect(res.text.trim().length, label).toBeGreaterThan(10);
          }
        }
      }
    }
    expect(requests).toBeGreaterThanOrEqual(300);
  });

  it("name the filter that was ignored on the invoice list, and list the rest", async () => {
    const from = await get("/invoices?issuedFrom=0000-01-01");
    expect(from.status).toBe(200);
    expect(from.text).toContain("Some filters were ignored (Issued from: Use a date between 1900-01-01 and 2999-12-31)");
    const q = await get("/invoices?q=%00");
    expect(q.status).toBe(200);
    expect(q.text).toMatch(/Some filters were ignored \(Search: [^)]*NUL/);
    // A date range that is backwards is refused as a whole, and says so.
    const reversed = await get("/invoices?issuedFrom=2026-03-10&issuedTo=2026-03-01");
    expect(reversed.text).toContain("The start date is after the end date");
  });

  it("show the first page of invoices for a page link that was edited", async () => {
    const edited = await get("/invoices?cursor=bm90LWEtY3Vyc29y.AAAAAAAAAAAAAAAAAAAAAA&back=");
    expect(edited.status).toBe(200);
    expect(edited.text).toContain("That page link is no longer valid");
  });

  it("say why a client search was refused", async () => {
    const res = await get("/clients?q=%00");
    expect(res.status).toBe(200);
    expect(res.text).toContain("That search is not valid");
    expect(res.text).toContain("Odd Client");
  });

  it("refuse a CSV export with an impossible filter with a 422 naming it, and export with valid ones", async () => {
    const bad = await get("/invoices/export.csv?issuedFrom=0000-01-01");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Use a date between 1900-01-01 and 2999-12-31");
    const nul = await get("/invoices/export.csv?q=%00");
    expect(nul.status).toBe(422);
    const ok = await get("/invoices/export.csv?issuedFrom=2020-01-01");
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/csv/);
  });

  it("answer odd ids in paths with the not-found page (or 400 for a path that is not UTF-8)", async () => {
    for (const path of [
      "/invoices/%00",
      "/clients/%00",
      "/invoices/00000000-0000-0000-0000-000000000000/pdf",
      "/clients/x/edit",
      "/invoices/9999-12-31",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await get("/invoices/%ED%A0%80/edit")).status).toBe(400);
    // Every hostile value as the id of every page that takes one.
    for (const route of ["/invoices/:v", "/invoices/:v/edit", "/invoices/:v/pdf", "/clients/:v", "/clients/:v/edit", "/invite/:v"]) {
      for (const value of HOSTILE) {
        const path = route.replace(":v", value.replace(/\//g, "%2F"));
        const res = await get(path);
        expect(res.status, `GET ${path.slice(0, 80)} → ${res.status}`).toBeLessThan(500);
        if (!route.startsWith("/invite")) expect([400, 404], `GET ${path.slice(0, 80)}`).toContain(res.status);
      }
    }
  });
});
