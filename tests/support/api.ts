import { expect } from "vitest";
import { asUserId } from "@/lib/ids";
import { resolveTenant } from "@/modules/workspaces/workspaces.service";
import { createApiApp } from "@/http/app";
import { createApiKey } from "@/modules/api-keys/api-keys.service";
import type { TenantContext } from "@/platform/db/tenant";

const app = createApiApp();

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the REST API app in-process (the same object the server mounts), as an API key or a session. */
export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: { token?: string; cookie?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.cookie) headers.set("cookie", opts.cookie);
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  if (body !== undefined) headers.set("content-length", String(Buffer.byteLength(body)));
  const res = await app.fetch(new Request(`http://localhost:3000${path}`, { method, headers, body }));
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { text };
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** A fresh API key for a tenant (as the role given, default admin). */
export async function keyFor(ctx: TenantContext, role: "owner" | "admin" | "member" = "admin"): Promise<string> {
  return (await createApiKey({ ...ctx, role: ctx.role }, { name: `test key ${role}`, role })).secret;
}

export { app as apiApp };

// ---------------------------------------------------------------------------------------------
// Helpers for the REST API tests under tests/integration/api (added; the ones above are unchanged).

/** A list answer: `{ data, next_cursor }`. */
export interface ListBody<T> {
  data: T[];
  next_cursor: string | null;
}

/** An RFC 9457 problem document as the API writes it. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  errors?: Record<string, string[]>;
}

/** Asserts a problem+json answer with this status (and code), and returns its body. */
export function expectProblem(res: ApiResult<unknown>, status: number, code?: string): ProblemBody {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type") ?? "").toMatch(/^application\/problem\+json/);
  const body = res.body as ProblemBody;
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe("string");
  if (code !== undefined) expect(body.code).toBe(code);
  return body;
}

/** Asserts a JSON answer with this status and returns its body. */
export function expectJson<T>(res: ApiResult<T>, status: number): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  return res.body;
}

/** One operation of the published OpenAPI document. */
export interface ApiOperation {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** As documented, with `{id}` / `{user_id}` placeholders. */
  path: string;
  operationId: string;
  /** Names of the path parameters, in order. */
  pathParams: string[];
  /** Whether the operation documents a JSON request body. */
  hasBody: boolean;
  /** The permission the operation declares (`x-permission`), if any. */
  permission: string | undefined;
}

interface OpenApiOperationDoc {
  operationId?: string;
  "x-permission"?: string;
  requestBody?: { content?: Record<string, unknown> };
  parameters?: { in: string; name: string }[];
}

/** Every operation of GET /api/v1/openapi.json, so tests cover routes added later without edits. */
export async function apiOperations(): Promise<ApiOperation[]> {
  const doc = await api<{ paths: Record<string, Record<string, OpenApiOperationDoc>> }>("GET", "/api/v1/openapi.json");
  expect(doc.status).toBe(200);
  return Object.entries(doc.body.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase() as ApiOperation["method"],
      path,
      operationId: op.operationId ?? `${method} ${path}`,
      pathParams: [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!),
      // A JSON body (every body but the e-invoice validation's XML, which its own tests cover).
      hasBody: op.requestBody?.content?.["application/json"] !== undefined,
      permission: op["x-permission"],
    })),
  );
}

/** The documented path with every placeholder replaced by `value` (or by `values[name]`). */
export function fillPath(path: string, values: string | Record<string, string>): string {
  return path.replace(/\{([a-z_]+)\}/g, (_, name: string) =>
    encodeURIComponent(typeof values === "string" ? values : (values[name] ?? "missing")),
  );
}

/** A fresh API key created by a given member of a workspace (for keys of users other than the fixture's actor). */
export async function keyForUser(userId: string, workspaceId: string, role: "owner" | "admin" | "member" = "admin"): Promise<string> {
  return keyFor(await resolveTenant(asUserId(userId), workspaceId), role);
}

/** The messages a problem gives for one request field, named as the request names it (snake_case, dot paths like `lines.0.unit_price`). */
export function fieldErrors(problem: ProblemBody, field: string): string[] | undefined {
  return problem.errors?.[field];
}
