import type { IncomingMessage, ServerResponse } from "node:http";
import { handleStripeWebhook } from "@/modules/plans/billing";
import { securityHeaders, contentSecurityPolicy } from "./security-headers";

export const STRIPE_WEBHOOK_PATH = "/api/billing/stripe-webhook";
const MAX_BYTES = 512 * 1024;

function send(res: ServerResponse, status: number, body: Record<string, unknown>, problem: boolean): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders(contentSecurityPolicy("resource")),
    "content-type": problem ? "application/problem+json" : "application/json",
    "content-length": String(Buffer.byteLength(text)),
    "cache-control": "no-store",
  });
  res.end(text);
}

/**
 * The Stripe webhook (src/modules/plans/billing.ts), answered straight from Node's HTTP server: it is
 * authenticated by its signature over the raw body, which must reach the check byte for byte. True when
 * the request was this endpoint's.
 */
export async function answerStripeWebhook(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = (req.url ?? "").split("?")[0];
  if (path !== STRIPE_WEBHOOK_PATH) return false;
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    send(res, 405, { type: "about:blank", title: "Use POST", status: 405, code: "method_not_allowed" }, true);
    return true;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES) {
      send(
        res,
        413,
        { type: "https://workledger.dev/problems/payload_too_large", title: "Body too large", status: 413, code: "payload_too_large" },
        true,
      );
      req.destroy();
      return true;
    }
    chunks.push(chunk);
  }
  const signature = req.headers["stripe-signature"];
  const answer = await handleStripeWebhook(Buffer.concat(chunks).toString("utf8"), Array.isArray(signature) ? signature[0] : signature);
  send(res, answer.status, answer.body, answer.status >= 400);
  return true;
}
