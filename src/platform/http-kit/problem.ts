import { HTTPException } from "hono/http-exception";
import { toProblem } from "@/platform/errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemResponse(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": PROBLEM_CONTENT_TYPE, ...headers } });
}

/** The one mapping from errors to RFC 9457 problem documents for the API. */
export function errorToResponse(err: unknown): Response {
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? "payload_too_large" : status === 401 ? "unauthenticated" : "bad_request";
    return problemResponse(status, { type: `https://workledger.dev/problems/${code}`, title: err.message || "Bad request", status, code });
  }
  const { status, body, headers } = toProblem(err);
  if (status === 500) console.error(err);
  // Services name fields in camelCase; the API speaks snake_case, so its field errors do too.
  if (body.errors && typeof body.errors === "object") {
    body.errors = Object.fromEntries(Object.entries(body.errors).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
  }
  return problemResponse(status, body, headers);
}
