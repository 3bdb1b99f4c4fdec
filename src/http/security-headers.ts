import { appUrl } from "@/platform/config";

/*
 * The browser security headers of every response, decided here and only here. The Next.js proxy
 * (src/proxy.ts) sends them with the pages and their route handlers, the Node server
 * (src/http/http-listener.ts) puts them on everything else it answers (static assets, the
 * invitation gate), and the REST API's first middleware on every API answer. No Node-only imports:
 * the proxy is bundled by Next.js.
 */

/** What a response is, for its Content-Security-Policy. */
export type PolicyKind =
  /** A page rendered by Next.js: its scripts carry the request's nonce. */
  | "app-page"
  /** An HTML page the Node server writes itself (the invitation gate): one nonce'd <style>, no scripts. */
  | "server-page"
  /** The API reference at /api/docs (Swagger UI): nonce'd scripts and a stylesheet from this origin, inline style attributes. */
  | "api-docs"
  /** Anything that is not a document: JSON, problem+json, downloads, scripts and stylesheets. */
  | "resource";

export interface PolicyOptions {
  /** Required by every kind but "resource". */
  nonce?: string;
  /** `next dev`: React's debugging needs eval, and dev CSS arrives as <style> elements without a nonce. */
  dev?: boolean;
  /** Defaults to whether APP_URL is https. */
  https?: boolean;
}

export const CSP_HEADER = "Content-Security-Policy";

const NONCE_BYTES = 16;

/** 128 random bits, base64: a fresh one for every response that carries inline content. */
export function createNonce(): string {
  const bytes = new Uint8Array(NONCE_BYTES);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

const NONCE_SHAPE = /^[A-Za-z0-9+/]{22}==$/;

function nonceSource(kind: PolicyKind, nonce: string | undefined): string {
  if (nonce === undefined || !NONCE_SHAPE.test(nonce)) throw new Error(`a ${kind} policy needs a nonce from createNonce()`);
  return `'nonce-${nonce}'`;
}

let lastAppUrl: string | undefined;
let lastHttps = false;

/** Whether the public origin (APP_URL) is https; HSTS and upgrade-insecure-requests only make sense then. */
export function servedOverHttps(): boolean {
  const url = appUrl();
  if (url !== lastAppUrl) {
    lastAppUrl = url;
    lastHttps = URL.canParse(url) && new URL(url).protocol === "https:";
  }
  return lastHttps;
}

function serialise(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

/** The Content-Security-Policy for one response. */
export function contentSecurityPolicy(kind: PolicyKind, options: PolicyOptions = {}): string {
  const https = options.https ?? servedOverHttps();
  switch (kind) {
    case "resource":
      return serialise({ "default-src": ["'none'"], "frame-ancestors": ["'none'"] });
    case "server-page":
      return serialise({
        "default-src": ["'none'"],
        "style-src": [nonceSource(kind, options.nonce)],
        "img-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
      });
    case "api-docs": {
      const nonce = nonceSource(kind, options.nonce);
      return serialise({
        "default-src": ["'none'"],
        "script-src": ["'self'", nonce, "'strict-dynamic'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
      });
    }
    case "app-page": {
      const nonce = nonceSource(kind, options.nonce);
      const dev = options.dev ?? false;
      return serialise({
        "default-src": ["'self'"],
        // 'self' only matters to browsers without 'strict-dynamic' (CSP 2); newer ones trust the nonce and
        // what nonce'd scripts load. No 'unsafe-inline' for scripts, ever.
        "script-src": ["'self'", nonce, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
        // Style elements need the nonce (an injected <style> could read the page with attribute
        // selectors); style attributes (React's style={…}, the chart's sizes) are allowed inline.
        // Browsers without -elem/-attr fall back to style-src, which allows both.
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'", ...(dev ? ["'unsafe-inline'"] : [nonce])],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      });
    }
  }
}

/** One year; no `preload`: that is a decision for whoever owns the domain. */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/**
 * Every security header of a response with this Content-Security-Policy: the ones the issue names, a
 * few cheap ones a careful SaaS sends too, and HSTS only when APP_URL is https.
 */
export function securityHeaders(csp: string, options: { https?: boolean } = {}): Record<string, string> {
  const https = options.https ?? servedOverHttps();
  return {
    [CSP_HEADER]: csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // Old browsers that ignore frame-ancestors.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ...(https ? { "Strict-Transport-Security": HSTS_VALUE } : {}),
  };
}

/** The headers of a response of this kind (a nonce for every kind but "resource"). */
export function securityHeadersFor(kind: PolicyKind, options: PolicyOptions = {}): Record<string, string> {
  return securityHeaders(contentSecurityPolicy(kind, options), options);
}

/**
 * Request headers a client must not choose: Next.js takes the nonce for its scripts from the request's
 * Content-Security-Policy header, so only the proxy may set it.
 */
export const UNTRUSTED_REQUEST_HEADERS = ["content-security-policy", "content-security-policy-report-only", "x-nonce"] as const;

/**
 * The public invoice pages (/i/<token>, its PDF, and the 404 of a link that does not work) carry a
 * secret in their address: search engines must not index them, the Referer must not carry the token
 * to another site, and no shared cache may keep them.
 */
export const PUBLIC_LINK_HEADERS: Readonly<Record<string, string>> = {
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "private, no-store",
};

export function isPublicInvoicePath(pathname: string): boolean {
  return pathname === "/i" || pathname.startsWith("/i/");
}
