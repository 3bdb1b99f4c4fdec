import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import postgres from "postgres";
import { getAuth } from "@/identity/auth";

const APP = "http://localhost:3000";

/** Calls Better Auth's real HTTP handler (no network): the same code path as the running app. */
export async function authRequest(
  path: string,
  init: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
) {
  const headers = new Headers({ origin: APP, ...init.headers });
  if (init.body !== undefined) headers.set("content-type", "application/json");
  if (init.cookie) headers.set("cookie", init.cookie);
  const res = await getAuth().handler(
    new Request(`${APP}/api/auth${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = { text };
  }
  return { status: res.status, cookie, json, headers: res.headers };
}

let counter = 0;
export function uniqueEmail(tag = "user"): string {
  counter += 1;
  return `${tag}-${randomUUID().slice(0, 8)}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export interface SignedUp {
  cookie: string;
  userId: string;
  sessionId: string;
  workspaceId: string;
  email: string;
}

export async function signUp(
  overrides: Partial<{ name: string; email: string; password: string; workspaceName: string }> = {},
): Promise<SignedUp> {
  const email = overrides.email ?? uniqueEmail();
  const res = await authRequest("/sign-up/email", {
    body: { name: "Test User", email, password: "correct horse battery", workspaceName: "Test Workspace", ...overrides },
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.json)}`);
  const session = await authRequest("/get-session", { cookie: res.cookie });
  const s = session.json as { session: { id: string; userId: string; activeOrganizationId: string } };
  return { cookie: res.cookie, userId: s.session.userId, sessionId: s.session.id, workspaceId: s.session.activeOrganizationId, email };
}

/** A superuser connection for checks the app itself can never make (counting every row, forging sessions). */
export function ownerSql() {
  return postgres(inject("db").owner, { max: 2, onnotice: () => {} });
}

/** Joins cookie headers, the later value of a cookie winning (Better Auth replaces cookies as a flow goes on). */
export function mergeCookies(...cookies: string[]): string {
  const jar = new Map<string, string>();
  for (const header of cookies) {
    for (const pair of header.split("; ").filter(Boolean)) {
      const [name, ...value] = pair.split("=");
      const v = value.join("=");
      if (v === "") jar.delete(name!);
      else jar.set(name!, v);
    }
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}
