import { asSentences } from "@/components/field";
import { toAppError } from "@/platform/errors";

/**
 * What a download route (CSV export, PDF) answers when the file cannot be made: the error's status
 * (4xx, or 503 with Retry-After) and its message as plain text, which a browser shows as it is.
 * Anything the one error mapping does not know is a bug and is rethrown.
 */
export function downloadErrorResponse(err: unknown): Response {
  const appError = toAppError(err);
  if (!appError) throw err;
  const details = appError.fieldErrors ? asSentences(Object.values(appError.fieldErrors).flat()) : "";
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" };
  if (appError.retryAfterSeconds !== undefined) headers["Retry-After"] = String(appError.retryAfterSeconds);
  return new Response(`${appError.message}${details ? `: ${details}` : ""}\n`, { status: appError.status, headers });
}
