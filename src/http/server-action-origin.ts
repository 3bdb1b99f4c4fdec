import type { IncomingMessage, ServerResponse } from "node:http";
import { appUrl } from "@/platform/config";

/**
 * Whether Next.js would treat this request as a server action: a POST with the `Next-Action` header
 * (the client's fetch), or a multipart or URL-encoded form POST (a form submitted before the page's
 * scripts loaded). The same test Next.js applies (server-action-request-meta).
 */
export function isPossibleServerAction(method: string | undefined, headers: IncomingMessage["headers"]): boolean {
  if (method !== "POST") return false;
  const contentType = String(headers["content-type"] ?? "");
  return (
    typeof headers["next-action"] === "string" ||
    contentType.startsWith("multipart/form-data") ||
    contentType === "application/x-www-form-urlencoded"
  );
}

/**
 * Server actions carry the session cookie, so a cross-site form or fetch could run one as the user.
 * Next.js refuses a foreign Origin by throwing, which answers 500; this answers 403 before the request
 * reaches Next.js. A missing or `null` Origin is refused too: browsers send Origin on every POST, and
 * the app's own pages always post from the app's origin (APP_URL). Returns true when it answered.
 */
export function refuseCrossSiteServerAction(req: IncomingMessage, res: ServerResponse): boolean {
  if (!isPossibleServerAction(req.method, req.headers)) return false;
  const origin = req.headers.origin;
  if (origin === new URL(appUrl()).origin) return false;
  res.writeHead(403, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end("Cross-site request refused: a form or action must be sent from the app's own pages (Origin header).");
  return true;
}
