import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { Redis } from "ioredis";

/**
 * Request budgets per workspace and per caller (API key or session). With REDIS_URL the counters live
 * in Redis, so every app instance draws from one budget; without it, in this process's memory.
 */
export interface ApiRateLimits {
  workspace: RateLimiterAbstract;
  caller: RateLimiterAbstract;
  workspaceLimit: number;
  callerLimit: number;
}

const holder = globalThis as typeof globalThis & { __workledgerApiLimits?: ApiRateLimits; __workledgerRedis?: Redis };

function perMinute(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? fallback);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function apiRateLimits(): ApiRateLimits {
  if (holder.__workledgerApiLimits) return holder.__workledgerApiLimits;
  const workspaceLimit = perMinute("API_RATE_LIMIT_WORKSPACE_PER_MINUTE", 600);
  const callerLimit = perMinute("API_RATE_LIMIT_KEY_PER_MINUTE", 300);
  const url = process.env.REDIS_URL;
  let workspace: RateLimiterAbstract;
  let caller: RateLimiterAbstract;
  if (url) {
    holder.__workledgerRedis ??= new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5_000 });
    const storeClient = holder.__workledgerRedis;
    // If Redis is unreachable, each instance falls back to its own in-memory budget instead of failing requests.
    workspace = new RateLimiterRedis({
      storeClient,
      keyPrefix: "wl:rl:ws",
      points: workspaceLimit,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: "ws-insurance", points: workspaceLimit, duration: 60 }),
    });
    caller = new RateLimiterRedis({
      storeClient,
      keyPrefix: "wl:rl:caller",
      points: callerLimit,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: "caller-insurance", points: callerLimit, duration: 60 }),
    });
  } else {
    workspace = new RateLimiterMemory({ keyPrefix: "ws", points: workspaceLimit, duration: 60 });
    caller = new RateLimiterMemory({ keyPrefix: "caller", points: callerLimit, duration: 60 });
  }
  holder.__workledgerApiLimits = { workspace, caller, workspaceLimit, callerLimit };
  return holder.__workledgerApiLimits;
}

/**
 * Called before the server listens: with REDIS_URL, waits (up to 5 s) for Redis, so the first requests
 * already count in the shared budget. Without it there is nothing to wait for.
 */
export async function initRateLimitStore(log: (line: string) => void = console.log): Promise<void> {
  apiRateLimits();
  const redis = holder.__workledgerRedis;
  if (!redis) return;
  if (redis.status === "ready") return;
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5_000);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  log(ok ? "Rate limits: shared through Redis" : "Rate limits: Redis not reachable yet; counting in memory until it is");
}

export async function closeRateLimitStore(): Promise<void> {
  const redis = holder.__workledgerRedis;
  holder.__workledgerRedis = undefined;
  holder.__workledgerApiLimits = undefined;
  if (redis) await redis.quit().catch(() => {});
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

function decision(res: RateLimiterRes, limit: number, allowed: boolean): RateDecision {
  return { allowed, limit, remaining: Math.max(0, res.remainingPoints), resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}

/** Consumes one point from both budgets; the tighter one decides and is reported in the headers. */
export async function consumeApiBudget(workspaceId: string, callerKey: string): Promise<RateDecision> {
  const limits = apiRateLimits();
  const take = async (limiter: RateLimiterAbstract, key: string, limit: number): Promise<RateDecision> => {
    try {
      return decision(await limiter.consume(key), limit, true);
    } catch (err) {
      if (err instanceof RateLimiterRes) return decision(err, limit, false);
      throw err;
    }
  };
  const [ws, caller] = await Promise.all([
    take(limits.workspace, workspaceId, limits.workspaceLimit),
    take(limits.caller, callerKey, limits.callerLimit),
  ]);
  if (!ws.allowed) return ws;
  if (!caller.allowed) return caller;
  return ws.remaining / ws.limit <= caller.remaining / caller.limit ? ws : caller;
}
