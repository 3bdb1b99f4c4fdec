import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "./errors";
import { config } from "./config";

/*
 * The one rate-limit store, for every limiter: the app's own (invitations, account mail, the sign-in
 * and password forms), the REST API's budgets (src/platform/http-kit/api-rate-limit.ts) and Better
 * Auth's (authRateLimitStorage below). With REDIS_URL the counters live in Redis, so every app
 * instance draws from one budget; without it, in this process's memory. If Redis stops answering,
 * each instance falls back to counting in its own memory instead of failing requests.
 */

const holder = globalThis as typeof globalThis & {
  __workledgerRateLimits?: { redis: Redis | undefined; limiters: Map<string, RateLimiterAbstract> };
};

function store() {
  if (!holder.__workledgerRateLimits) {
    const url = config().REDIS_URL;
    holder.__workledgerRateLimits = {
      redis: url ? new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5_000 }) : undefined,
      limiters: new Map(),
    };
  }
  return holder.__workledgerRateLimits;
}

/** A limiter of `points` per `durationSeconds` under its own key prefix, on the shared store. */
export function rateLimiter(prefix: string, points: number, durationSeconds: number): RateLimiterAbstract {
  const { redis, limiters } = store();
  const id = `${prefix}:${points}:${durationSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    const keyPrefix = `wl:rl:${id}`;
    limiter = redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix,
          points,
          duration: durationSeconds,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:insurance`, points, duration: durationSeconds }),
        })
      : new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
    limiters.set(id, limiter);
  }
  return limiter;
}

const seconds = (windowMs: number) => Math.max(1, Math.ceil(windowMs / 1000));
const retryIn = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
const tooMany = (retryAfter: number) =>
  new AppError("rate_limited", `Too many attempts; try again in ${retryAfter} seconds`, undefined, { retryAfterSeconds: retryAfter });

/**
 * Counts one call against `key`: throws a 429 AppError once `limit` calls were made within the
 * window (fixed, starting at the first call); the message says when to try again.
 */
export async function consumeRateLimit(key: string, limit: number, windowMs: number): Promise<void> {
  try {
    await rateLimiter("app", limit, seconds(windowMs)).consume(key);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw tooMany(retryIn(err));
    throw err;
  }
}

/** Throws the same 429 as consumeRateLimit when `key` has already used its budget, without counting a call. */
export async function assertUnderRateLimit(key: string, limit: number, windowMs: number): Promise<void> {
  const res = await rateLimiter("app", limit, seconds(windowMs)).get(key);
  if (res && res.consumedPoints >= limit) throw tooMany(retryIn(res));
}

/**
 * Better Auth's rate limits (sign-in, sign-up, password reset …) on the same store: its
 * `rateLimit.customStorage`. Each of its rules (window in seconds, max) is a limiter of its own.
 */
export const authRateLimitStorage = {
  async consume(key: string, rule: { window: number; max: number }): Promise<{ allowed: boolean; retryAfter: number | null }> {
    try {
      await rateLimiter("auth", rule.max, rule.window).consume(key);
      return { allowed: true, retryAfter: null };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { allowed: false, retryAfter: retryIn(err) };
      throw err;
    }
  },
};

/** Tests start each file (or case) with fresh budgets: the limiters are dropped and Redis's counters deleted. */
export async function resetRateLimitsForTests(): Promise<void> {
  const s = holder.__workledgerRateLimits;
  if (!s) return;
  s.limiters.clear();
  if (s.redis) {
    const keys = await s.redis.keys("wl:rl:*");
    if (keys.length > 0) await s.redis.del(...keys);
  }
}

/**
 * Called before the server listens: with REDIS_URL, waits (up to 5 s) for Redis, so the first requests
 * already count in the shared budget. Without it there is nothing to wait for.
 */
export async function initRateLimitStore(log: (line: string) => void = console.log): Promise<void> {
  const redis = store().redis;
  if (!redis || redis.status === "ready") return;
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5_000);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  log(ok ? "Rate limits: shared through Redis" : "Rate limits: Redis not reachable yet; counting in memory until it is");
}

/** Closes the store; the next limiter is built afresh from the configuration. */
export async function closeRateLimitStore(): Promise<void> {
  const s = holder.__workledgerRateLimits;
  holder.__workledgerRateLimits = undefined;
  if (s?.redis) await s.redis.quit().catch(() => {});
}

/**
 * Set by src/main.ts (any client-sent value is overwritten), so it can be trusted: the socket's
 * address, or with TRUST_PROXY=1 (behind a reverse proxy) the first X-Forwarded-For address.
 */
export const CLIENT_IP_HEADER = "x-workledger-client-ip";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
