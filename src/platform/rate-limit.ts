import { AppError } from "./errors";
import { now } from "@/lib/clock";

interface Window {
  start: number;
  count: number;
}

const windows = new Map<string, Window>();
let lastSweep = 0;

function sweep(at: number, windowMs: number) {
  if (at - lastSweep < 60_000) return;
  lastSweep = at;
  for (const [key, w] of windows) if (at - w.start >= windowMs * 2) windows.delete(key);
}

/**
 * Fixed-window counter per key (in this process). Throws a 429 AppError once `limit` calls were
 * made within `windowMs`; the message says when to try again.
 */
export function consumeRateLimit(key: string, limit: number, windowMs: number): void {
  const at = now().getTime();
  sweep(at, windowMs);
  let w = windows.get(key);
  if (!w || at - w.start >= windowMs) {
    w = { start: at, count: 0 };
    windows.set(key, w);
  }
  w.count += 1;
  if (w.count > limit) {
    const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - at) / 1000));
    throw new AppError("rate_limited", `Too many attempts; try again in ${retryAfter} seconds`);
  }
}

/** Throws the same 429 as consumeRateLimit when `key` has already used its budget, without counting a call. */
export function assertUnderRateLimit(key: string, limit: number, windowMs: number): void {
  const at = now().getTime();
  const w = windows.get(key);
  if (w && at - w.start < windowMs && w.count >= limit) {
    const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - at) / 1000));
    throw new AppError("rate_limited", `Too many attempts; try again in ${retryAfter} seconds`);
  }
}

export function resetRateLimitsForTests(): void {
  windows.clear();
}

/**
 * Set by src/main.ts (any client-sent value is overwritten), so it can be trusted: the socket's
 * address, or with TRUST_PROXY=1 (behind a reverse proxy) the first X-Forwarded-For address.
 */
export const CLIENT_IP_HEADER = "x-workledger-client-ip";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
