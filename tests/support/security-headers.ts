import { readdirSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

/*
 * What every response must carry, read from the headers as a browser would, independently of
 * src/http/security-headers.ts (a test that reused its constants could not catch a wrong value).
 */

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  // Node's incoming headers are lower case; a plain record may be spelt any way.
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The directives of a Content-Security-Policy, by name, with their sources. */
export function parseCsp(csp: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    // A browser uses the first of a repeated directive and ignores the rest: a repeat is a bug.
    expect(directives.has(name.toLowerCase()), `directive ${name} repeated in ${csp}`).toBe(false);
    directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The sources that apply to scripts (script-src, or default-src when there is none). */
function scriptSources(directives: Map<string, string[]>): string[] {
  return directives.get("script-src") ?? directives.get("default-src") ?? [];
}

/** The nonce a policy allows scripts (or, failing that, style elements) with, if any. */
export function nonceOf(csp: string): string | null {
  const directives = parseCsp(csp);
  for (const name of ["script-src", "style-src-elem", "style-src"]) {
    for (const source of directives.get(name) ?? []) {
      const match = /^'nonce-([^']+)'$/.exec(source);
      if (match) return match[1]!;
    }
  }
  return null;
}

export interface HeaderExpectation {
  /** Whether APP_URL is https (then, and only then, HSTS). */
  https: boolean;
  /** Names the response in failure messages. */
  where: string;
}

/**
 * The headers every response needs, whatever it is: a CSP that forbids framing and inline scripts,
 * nosniff, the referrer policy, X-Frame-Options, and HSTS exactly when the app is served over https.
 * Returns the parsed policy.
 */
export function expectSecurityHeaders(headers: HeaderSource, expected: HeaderExpectation): Map<string, string[]> {
  const where = expected.where;
  const csp = header(headers, "content-security-policy");
  expect(csp, `${where}: Content-Security-Policy`).toBeTruthy();
  const directives = parseCsp(csp!);
  expect(directives.get("frame-ancestors"), `${where}: frame-ancestors in ${csp}`).toEqual(["'none'"]);
  const scripts = scriptSources(directives);
  expect(scripts.length, `${where}: a script policy (script-src or default-src) in ${csp}`).toBeGreaterThan(0);
  expect(scripts, `${where}: inline scripts allowed by ${csp}`).not.toContain("'unsafe-inline'");
  expect(scripts, `${where}: any-origin scripts allowed by ${csp}`).not.toContain("*");
  expect(header(headers, "x-content-type-options"), `${where}: X-Content-Type-Options`).toBe("nosniff");
  // The public invoice page (/i/…) sends no referrer at all, stricter than the rest: its address is a credential.
  expect(["strict-origin-when-cross-origin", "no-referrer"], `${where}: Referrer-Policy`).toContain(header(headers, "referrer-policy"));
  expect(header(headers, "x-frame-options"), `${where}: X-Frame-Options`).toBe("DENY");
  const hsts = header(headers, "strict-transport-security");
  if (expected.https) {
    expect(hsts, `${where}: Strict-Transport-Security`).toMatch(/^max-age=(\d+)(; includeSubDomains)?$/);
    expect(Number(/max-age=(\d+)/.exec(hsts ?? "")?.[1]), `${where}: HSTS max-age of at least 180 days`).toBeGreaterThanOrEqual(
      180 * 24 * 3600,
    );
    // A document that may load from its own origin must not load it over http.
    if (directives.get("default-src")?.includes("'self'"))
      expect(directives.has("upgrade-insecure-requests"), `${where}: upgrade-insecure-requests`).toBe(true);
  } else {
    expect(hsts, `${where}: Strict-Transport-Security over http`).toBeNull();
    expect(directives.has("upgrade-insecure-requests"), `${where}: upgrade-insecure-requests over http`).toBe(false);
  }
  return directives;
}

/** A page rendered by Next.js: scripts only with this response's nonce (and what they load), no eval. */
export function expectAppPagePolicy(directives: Map<string, string[]>, where: string): string {
  const scripts = directives.get("script-src") ?? [];
  const nonces = scripts.filter((s) => s.startsWith("'nonce-"));
  expect(nonces, `${where}: one script nonce`).toHaveLength(1);
  expect(scripts, `${where}: strict-dynamic`).toContain("'strict-dynamic'");
  expect(scripts, `${where}: eval in production`).not.toContain("'unsafe-eval'");
  expect(directives.get("object-src"), `${where}: object-src`).toEqual(["'none'"]);
  expect(directives.get("base-uri"), `${where}: base-uri`).toEqual(["'self'"]);
  expect(directives.get("form-action"), `${where}: form-action`).toEqual(["'self'"]);
  expect(directives.get("default-src"), `${where}: default-src`).toEqual(["'self'"]);
  return nonces[0]!.slice("'nonce-".length, -1);
}

/** The opening tags of every element of this name in an HTML document. */
export function openingTags(html: string, element: string): string[] {
  return [...html.matchAll(new RegExp(`<${element}\\b[^>]*>`, "gi"))].map((m) => m[0]);
}

/** Every <script> (and every <style>) of the document carries exactly this nonce; returns how many scripts. */
export function expectNoncedDocument(html: string, nonce: string, where: string): number {
  const scripts = openingTags(html, "script");
  for (const tag of [...scripts, ...openingTags(html, "style")]) {
    expect(/\snonce="([^"]*)"/.exec(tag)?.[1], `${where}: nonce of ${tag}`).toBe(nonce);
  }
  return scripts.length;
}

/** A route of the Next.js app, found in the src/app tree. */
export interface AppRoute {
  /** The URL pattern, e.g. /clients/[id]/edit (route groups removed). */
  pattern: string;
  kind: "page" | "route handler";
}

const APP_DIR = path.resolve(import.meta.dirname, "../../src/app");

/** Every page and route handler under src/app, so a route added later is checked without editing the tests. */
export function appRoutes(dir = APP_DIR, segments: string[] = []): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // (group) folders are not in the URL; _private and @slot folders are not routes.
      if (entry.name.startsWith("_") || entry.name.startsWith("@")) continue;
      const next = /^\(.+\)$/.test(entry.name) ? segments : [...segments, entry.name];
      routes.push(...appRoutes(path.join(dir, entry.name), next));
    } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
      routes.push({ pattern: `/${segments.join("/")}`, kind: "page" });
    } else if (/^route\.(tsx|ts|jsx|js)$/.test(entry.name)) {
      routes.push({ pattern: `/${segments.join("/")}`, kind: "route handler" });
    }
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/**
 * The route's URL with every [param] filled from `values`, keyed by the segment before it and the
 * param ("clients/[id]"). A new dynamic route fails here until the test knows a real value for it.
 */
export function fillRoute(pattern: string, values: Record<string, string>): string {
  const parts = pattern.split("/");
  return parts
    .map((part, i) => {
      if (!part.startsWith("[")) return part;
      const key = `${parts[i - 1]}/${part}`;
      const value = values[key];
      if (value === undefined) throw new Error(`no value for ${key} in ${pattern}: add one to the test`);
      return value;
    })
    .join("/");
}
