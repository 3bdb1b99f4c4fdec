import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { config } from "@/platform/config";
import { rateLimiter } from "@/platform/rate-limit";

/**
 * Request budgets per workspace and per caller (API key or session), per minute, on the one
 * rate-limit store (src/platform/rate-limit.ts): shared through Redis with REDIS_URL, else in memory.
 */
export interface ApiRateLimits {
  workspace: RateLimiterAbstract;
  caller: RateLimiterAbstract;
  workspaceLimit: number;
  callerLimit: number;
}

export function apiRateLimits(): ApiRateLimits {
  const workspaceLimit = config().API_RATE_LIMIT_WORKSPACE_PER_MINUTE;
  const callerLimit = config().API_RATE_LIMIT_KEY_PER_MINUTE;
  return {
    workspace: rateLimiter("api-workspace", workspaceLimit, 60),
    caller: rateLimiter("api-caller", callerLimit, 60),
    workspaceLimit,
    callerLimit,
  };
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
