import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Context, Handler } from "hono";
import type { AppError } from "@/lib/app-error";
import { requestValidationError } from "./api-schema";
import { errorToResponse } from "./problem";
import { PERMISSIONS, type Action } from "@/platform/permissions";
import { idempotency } from "./idempotency";
import { rateLimit, requirePermission } from "./guards";
import type { ApiEnv } from "./env";

/**
 * A REST operation as modules define it: the route (method, path, schemas, responses) and the
 * permission it needs. There is no other way for a module to add a route (`registerXRoutes` gets an
 * `ApiOperations`, never the Hono app), and `permission` is required by the type and checked again at
 * start-up, so an operation cannot exist without one.
 */
export type OperationConfig = Omit<RouteConfig, "middleware" | "hide" | "path"> & {
  path: string;
  permission: Action;
  /**
   * For a JSON body the schema refused on a rule (422, not a malformed 400): the error to answer
   * instead, given the raw body — e.g. with the service's own checks of the readable rest merged in, so
   * one request reports every field at once. Runs after the permission and the other gates.
   */
  explainRefusedBody?: (raw: unknown, refused: AppError, c: Context<ApiEnv>) => Promise<AppError>;
};

export interface ApiOperations {
  operation<P extends string, R extends Omit<OperationConfig, "path"> & { path: P }>(config: R, handler: RouteHandler<R, ApiEnv>): void;
}

/** The OpenAPI extension that carries each operation's permission. */
export const PERMISSION_EXTENSION = "x-permission";

const IDEMPOTENCY_KEY_PARAMETER = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  schema: { type: "string" as const, minLength: 1, maxLength: 255 },
  description:
    "Any unique string (1–255 visible ASCII characters). The same request sent again with the same key within 24 hours, " +
    "by the same caller (API key, or signed-in user), returns the first answer with `Idempotent-Replayed: true` and does not run again; " +
    "the same key with a different request is 422. Keys are per caller, method and path: another caller's identical key runs afresh. " +
    "The permission is checked before any replay. Stored answers are encrypted.",
};

function permissionLine(action: Action): string {
  return `**Permission:** \`${action}\` (roles: ${PERMISSIONS[action].join(", ")}).`;
}

/**
 * Registers operations on the app with their gate in front: authentication has run (app-wide), then
 * here the declared permission, then the rate limit, then idempotency, then the route's validators
 * and handler. Answers "METHOD /path" → permission for every operation registered.
 */
export function operationsOn(app: OpenAPIHono<ApiEnv>, registered: Map<string, Action>): ApiOperations {
  return {
    operation(config, handler) {
      const { permission, explainRefusedBody, ...route } = config as OperationConfig;
      if (!Object.hasOwn(PERMISSIONS, permission))
        throw new Error(`${route.method.toUpperCase()} ${route.path}: unknown permission ${String(permission)}`);
      const description = [route.description, permissionLine(permission)].filter(Boolean).join("\n\n");
      const declared: RouteConfig = {
        ...route,
        ...(route.method === "post"
          ? { parameters: [...(route.parameters ?? []), IDEMPOTENCY_KEY_PARAMETER] as RouteConfig["parameters"] }
          : {}),
        description,
        [PERMISSION_EXTENSION]: permission,
        middleware: [requirePermission(permission), rateLimit, idempotency],
      };
      const hook = explainRefusedBody
        ? async (result: { success: boolean; error?: unknown; data?: unknown; target: string }, c: Context<ApiEnv>) => {
            if (result.success) return undefined;
            const refused = requestValidationError(result.error as Parameters<typeof requestValidationError>[0], result.target);
            const explained =
              result.target === "json" && refused.code === "validation_failed"
                ? await explainRefusedBody(result.data, refused, c)
                : refused;
            return errorToResponse(explained);
          }
        : undefined;
      app.openapi(declared, handler as Handler<ApiEnv>, hook as Parameters<typeof app.openapi>[2]);
      registered.set(`${route.method.toUpperCase()} ${route.path}`, permission);
    },
  };
}

/** Routes anyone may call without credentials, each with the reason it is public. */
export interface PublicRoute {
  path: string;
  why: string;
}

/**
 * The few public routes (the OpenAPI document and the reference page): GET only, no data, said so
 * here. Authentication skips exactly these paths.
 */
export function publicRoute(
  app: OpenAPIHono<ApiEnv>,
  publicPaths: Map<string, string>,
  route: PublicRoute,
  handler: Handler<ApiEnv>,
): void {
  publicPaths.set(route.path, route.why);
  app.get(route.path, handler);
}

interface OpenApiDocumentShape {
  paths?: Record<string, Record<string, unknown>>;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * Every operation of an OpenAPI document that does not declare a known permission in `x-permission`
 * (or whose description does not state it), as "METHOD /path". Empty means every operation declares one.
 */
export function operationsWithoutPermission(document: unknown): string[] {
  const paths = (document as OpenApiDocumentShape | null)?.paths ?? {};
  const missing: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const declared = (op as Record<string, unknown> | null)?.[PERMISSION_EXTENSION];
      const description = (op as { description?: unknown } | null)?.description;
      const ok =
        typeof declared === "string" &&
        Object.hasOwn(PERMISSIONS, declared) &&
        typeof description === "string" &&
        description.includes(permissionLine(declared as Action));
      if (!ok) missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return missing;
}

/**
 * Every route the Hono app answers (not app-wide middleware) that is neither a declared operation nor
 * a public route, as "METHOD /path". The API refuses to start when this is not empty.
 */
export function undeclaredRoutes(
  routes: readonly { method: string; path: string }[],
  operations: ReadonlyMap<string, Action>,
  publicPaths: ReadonlyMap<string, string>,
): string[] {
  const declared = new Set([...operations.keys()].map((k) => k.replace(/\{([^}]+)\}/g, ":$1")));
  const out = new Set<string>();
  for (const r of routes) {
    if (r.method === "ALL") continue;
    const id = `${r.method} ${r.path}`;
    if (declared.has(id) || (r.method === "GET" && publicPaths.has(r.path))) continue;
    out.add(id);
  }
  return [...out];
}
