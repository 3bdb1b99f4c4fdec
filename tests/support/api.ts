import { createApiApp } from "@/server/api/app";
import { createApiKey } from "@/modules/api-keys/api-keys.service";
import type { TenantContext } from "@/server/db/tenant";

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
