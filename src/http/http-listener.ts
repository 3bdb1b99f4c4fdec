import type { IncomingMessage, ServerResponse } from "node:http";
import { config } from "@/platform/config";
import { CLIENT_IP_HEADER } from "@/platform/rate-limit";
import { answerDeadInvitation } from "./invitation-gate";
import { answerPublicInvoiceGate } from "./public-invoice-gate";
import { answerStripeWebhook } from "./stripe-webhook";
import { refuseCrossSiteServerAction } from "./server-action-origin";
import { hasMalformedPath } from "./url-guard";
import { UNTRUSTED_REQUEST_HEADERS, contentSecurityPolicy, securityHeaders } from "./security-headers";

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Paths the REST API app answers, straight from Node's HTTP server. */
export function isApiPath(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith("/api/v1/") || url === "/api/v1" || url.startsWith("/api/docs"));
}

/**
 * The request listener of the one Node HTTP server (src/main.ts): the REST API skips Next.js
 * entirely (its per-request cost would dominate the API's), a server action from a foreign Origin gets
 * a 403, a path with an undecodable escape a 400, dead invitation links get their 410 page, public
 * invoice links that open nothing their one 404 (and every /i/ request its rate limit), the rest goes to Next.js. Every response starts out with the security headers of a non-document;
 * pages (the Next.js proxy), the API docs and the invitation gate replace the policy with their own.
 */
/**
 * The one trustworthy client address for rate limits, set on the request and overwriting any
 * client-sent value: the socket's, or with TRUST_PROXY=1 (behind a reverse proxy) the first
 * X-Forwarded-For address. Both entry points (src/main.ts, src/api-main.ts) call it.
 */
export function setTrustedClientIp(req: IncomingMessage): void {
  const forwarded = config().TRUST_PROXY
    ? String(req.headers["x-forwarded-for"] ?? "")
        .split(",")[0]
        ?.trim()
    : "";
  req.headers[CLIENT_IP_HEADER] = forwarded || req.socket.remoteAddress || "unknown";
}

export function createAppListener(handlers: { api: Handler; next: Handler }): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    setTrustedClientIp(req);
    for (const name of UNTRUSTED_REQUEST_HEADERS) delete req.headers[name];
    for (const [name, value] of Object.entries(securityHeaders(contentSecurityPolicy("resource")))) res.setHeader(name, value);

    if (isApiPath(req.url)) {
      void handlers.api(req, res);
      return;
    }
    if (hasMalformedPath(req.url)) {
      res
        .writeHead(400, { "content-type": "text/plain; charset=utf-8" })
        .end("Bad request: the address holds an escape (%…) that is not valid UTF-8.\n");
      return;
    }
    // A server action from another origin: 403 here (Next.js would throw and answer 500).
    if (refuseCrossSiteServerAction(req, res)) return;
    const ip = String(req.headers[CLIENT_IP_HEADER]);
    answerStripeWebhook(req, res)
      .then(async (answered) => answered || (await answerPublicInvoiceGate(req, res, ip)))
      .then(async (answered) => answered || (await answerDeadInvitation(req, res, ip)))
      .then((answered) => (answered ? undefined : handlers.next(req, res)))
      .catch((err: unknown) => {
        console.error(err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Internal server error");
      });
  };
}

/**
 * Idle keep-alive connections stay open longer than the clients and proxies that reuse them (Node's 5 s
 * default is shorter than most: a browser or a load balancer then sends on a socket the server is
 * closing and gets ECONNRESET). Headers must arrive within the keep-alive time plus a margin.
 */
export function keepConnectionsAlive(server: { keepAliveTimeout: number; headersTimeout: number }): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
