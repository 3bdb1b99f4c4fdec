import { NextResponse, type NextRequest } from "next/server";
import { isDevelopment } from "@/platform/config";
import {
  CSP_HEADER,
  PUBLIC_LINK_HEADERS,
  UNTRUSTED_REQUEST_HEADERS,
  contentSecurityPolicy,
  createNonce,
  isPublicInvoicePath,
  securityHeaders,
} from "@/http/security-headers";

/**
 * Every page and route handler gets a fresh nonce: Next.js reads it from the request's
 * Content-Security-Policy header and puts it on its scripts (pages are rendered per request for that,
 * see the root layout); the browser gets the same policy on the response.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = createNonce();
  const csp = contentSecurityPolicy("app-page", { nonce, dev: isDevelopment() });
  const requestHeaders = new Headers(request.headers);
  for (const name of UNTRUSTED_REQUEST_HEADERS) requestHeaders.delete(name);
  requestHeaders.set(CSP_HEADER, csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(securityHeaders(csp))) response.headers.set(name, value);
  if (isPublicInvoicePath(request.nextUrl.pathname)) {
    for (const [name, value] of Object.entries(PUBLIC_LINK_HEADERS)) response.headers.set(name, value);
  }
  return response;
}

export const config = {
  // Static files are not documents: the Node server gives them the plain headers (src/http/http-listener.ts).
  // /api/* in Next.js is Better Auth's JSON; the REST API never reaches Next.js.
  matcher: ["/((?!_next/static/|_next/image|api/).*)"],
};
