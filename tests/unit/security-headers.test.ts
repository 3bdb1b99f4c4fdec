import { afterEach, describe, expect, it } from "vitest";
import { reloadConfig } from "@/platform/config";
import fc from "fast-check";
import { NextRequest } from "next/server";
// Next.js's own parser of the request's policy: the nonce it finds is the one it puts on its scripts.
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import {
  contentSecurityPolicy,
  createNonce,
  securityHeaders,
  securityHeadersFor,
  servedOverHttps,
  type PolicyKind,
} from "@/http/security-headers";
import { proxy } from "@/proxy";
import { expectAppPagePolicy, expectSecurityHeaders, nonceOf, parseCsp } from "../support/security-headers";

const KINDS: PolicyKind[] = ["app-page", "server-page", "api-docs", "resource"];
const savedAppUrl = process.env.APP_URL;
afterEach(() => {
  if (savedAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = savedAppUrl;
  reloadConfig();
});

const appUrls = fc.webUrl({ validSchemes: ["http", "https"], withQueryParameters: false, withFragments: false });

describe("the one place that decides the security headers", () => {
  it("makes unguessable nonces: 128 random bits, base64, never repeated", () => {
    const nonces = Array.from({ length: 5_000 }, createNonce);
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // Every one of the 128 bits varies.
    const bits = new Array<number>(128).fill(0);
    for (const nonce of nonces.slice(0, 512)) {
      [...Buffer.from(nonce, "base64")].forEach((byte, i) => {
        for (let b = 0; b < 8; b++) bits[i * 8 + b]! += (byte >> b) & 1;
      });
    }
    for (const ones of bits) expect(ones).toBeGreaterThan(0);
    for (const ones of bits) expect(ones).toBeLessThan(512);
  });

  it("sends HSTS and upgrades requests exactly when APP_URL is https", () => {
    fc.assert(
      fc.property(appUrls, fc.constantFrom(...KINDS), (url, kind) => {
        process.env.APP_URL = url;
        reloadConfig();
        const https = url.startsWith("https://");
        expect(servedOverHttps()).toBe(https);
        const headers = securityHeadersFor(kind, { nonce: createNonce() });
        expectSecurityHeaders(headers as Record<string, string>, { https, where: `${kind} at ${url}` });
        expect("Strict-Transport-Security" in headers).toBe(https);
      }),
      { numRuns: 300 },
    );
  });

  it("never allows inline scripts or eval in production, and framing by no one, whatever the nonce", () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.boolean(), (kind, https) => {
        const nonce = createNonce();
        const csp = contentSecurityPolicy(kind, { nonce, https });
        const directives = parseCsp(csp);
        expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
        const scripts = directives.get("script-src") ?? directives.get("default-src")!;
        expect(scripts).not.toContain("'unsafe-inline'");
        expect(scripts).not.toContain("'unsafe-eval'");
        if (kind !== "resource") expect(nonceOf(csp)).toBe(nonce);
        if (kind === "resource") expect(directives.get("default-src")).toEqual(["'none'"]);
      }),
    );
  });

  it("gives Next.js the nonce it will put on its scripts, and allows eval only under next dev", () => {
    for (const dev of [false, true]) {
      const nonce = createNonce();
      const csp = contentSecurityPolicy("app-page", { nonce, dev, https: false });
      expect(getScriptNonceFromHeader(csp)).toBe(nonce);
      const directives = parseCsp(csp);
      expect(directives.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])]);
      // Style elements need the nonce in production; attributes (React's style={…}) are allowed.
      expect(directives.get("style-src-elem")).toEqual(["'self'", dev ? "'unsafe-inline'" : `'nonce-${nonce}'`]);
      expect(directives.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
      if (!dev) expect(expectAppPagePolicy(directives, "app page")).toBe(nonce);
    }
  });

  it("refuses to build a policy with inline content but no nonce, or a malformed one", () => {
    for (const kind of ["app-page", "server-page", "api-docs"] as const) {
      expect(() => contentSecurityPolicy(kind)).toThrow(/needs a nonce/);
      // A nonce that could break out of the header value or the directive.
      for (const nonce of ["", "abc", "x'; script-src *", `${createNonce()} 'unsafe-inline'`, "a\r\nSet-Cookie: x=1"]) {
        expect(() => contentSecurityPolicy(kind, { nonce })).toThrow(/needs a nonce/);
      }
    }
  });

  it("puts no line break or comma in any header value (one value per header, nothing to split or inject)", () => {
    for (const kind of KINDS) {
      for (const [name, value] of Object.entries(securityHeaders(contentSecurityPolicy(kind, { nonce: createNonce() }), { https: true }))) {
        expect(value, name).not.toMatch(/[\r\n]/);
        if (name !== "Permissions-Policy") expect(value, name).not.toContain(",");
      }
    }
  });
});

describe("the Next.js proxy", () => {
  const call = (pathname: string, headers: Record<string, string> = {}) =>
    proxy(new NextRequest(`http://localhost:3000${pathname.startsWith("/") ? "" : "/"}${pathname}`, { headers }));

  it("gives every request its own nonce, on the response and on the request Next.js renders, and ignores one the client sent", () => {
    fc.assert(
      fc.property(fc.webPath(), fc.boolean(), (pathname, https) => {
        process.env.APP_URL = https ? "https://ledger.example.com" : "http://localhost:3000";
        reloadConfig();
        const forged = `default-src *; script-src 'nonce-${"A".repeat(22)}=='`;
        const res = call(pathname || "/", { "content-security-policy": forged, "x-nonce": "A".repeat(24) });
        const directives = expectSecurityHeaders(res.headers, { https, where: pathname });
        const nonce = expectAppPagePolicy(directives, pathname);
        // What the page is rendered with: NextResponse.next({ request: { headers } }).
        expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(res.headers.get("content-security-policy"));
        expect(res.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
        expect(getScriptNonceFromHeader(res.headers.get("x-middleware-request-content-security-policy")!)).toBe(nonce);
      }),
      { numRuns: 200 },
    );
    const nonces = Array.from({ length: 200 }, () => nonceOf(call("/dashboard").headers.get("content-security-policy")!));
    expect(new Set(nonces).size).toBe(200);
  });
});
