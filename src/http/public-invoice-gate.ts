import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/platform/errors";
import { checkPublicInvoiceLink } from "@/modules/invoices/invoices.service";
import { PUBLIC_LINK_HEADERS, contentSecurityPolicy, securityHeaders } from "./security-headers";

/**
 * The one answer for every address under /i/ that does not open an invoice: a wrong, malformed or
 * revoked token, a deleted or draft invoice, another path or method. Byte for byte the same (no
 * nonce, no date, nothing of the request), so an answer tells nothing about why.
 */
export const PUBLIC_INVOICE_NOT_FOUND_BODY =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">' +
  "<title>Not found · Workledger</title></head><body><main><h1>Not found</h1>" +
  "<p>This invoice link does not work. It may have been replaced or withdrawn: ask the sender for a new one.</p>" +
  "</main></body></html>\n";

function answer(req: IncomingMessage, res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    ...securityHeaders(contentSecurityPolicy("resource")),
    ...PUBLIC_LINK_HEADERS,
    ...extra,
    "content-type": "text/html; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** `/i/<token>` or `/i/<token>/pdf` (query ignored): the token, or undefined for any other address under /i/. */
function tokenOf(url: string): string | undefined {
  const match = /^\/i\/([^/?#]+)(?:\/pdf)?\/?(?:[?#].*)?$/.exec(url);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/**
 * Requests under /i/ (the public invoice page and its PDF): counted against the client address's
 * budget (429 when spent), then answered here with the one 404 unless the token opens an invoice, in
 * which case Next.js renders the page (src/app/i/[token]). Returns true when answered.
 */
export async function answerPublicInvoiceGate(req: IncomingMessage, res: ServerResponse, ip: string): Promise<boolean> {
  const url = req.url ?? "";
  if (!(url === "/i" || url.startsWith("/i/") || url.startsWith("/i?"))) return false;
  const token = req.method === "GET" || req.method === "HEAD" ? tokenOf(url) : undefined;
  try {
    // Other addresses under /i/ count too, and open nothing (the empty token never does).
    if (await checkPublicInvoiceLink(token ?? "", { ip })) return false;
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") {
      const body =
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many requests · Workledger</title></head>' +
        `<body><main><h1>Too many requests</h1><p>${err.message}</p></main></body></html>\n`;
      answer(req, res, 429, body, { "Retry-After": String(err.retryAfterSeconds ?? 60) });
      return true;
    }
    throw err;
  }
  answer(req, res, 404, PUBLIC_INVOICE_NOT_FOUND_BODY);
  return true;
}
