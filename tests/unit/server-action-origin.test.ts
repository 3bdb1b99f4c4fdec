import { createServer, type Server } from "node:http";
import { reloadConfig } from "@/platform/config";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseCrossSiteServerAction } from "@/http/server-action-origin";

/*
 * Issue 8 part 3: a server action posted from another origin answers 403 (Next.js answered 500).
 * Over real HTTP against an in-process server wired like src/main.ts: the guard first, then what
 * stands for Next.js (which records that it was reached). tests/e2e/server-action-origin.test.ts
 * checks the same against the real app.
 */
const APP = "http://localhost:3000";
let server: Server;
let base: string;
let reached = 0;
const savedAppUrl = process.env.APP_URL;

beforeAll(async () => {
  process.env.APP_URL = APP;
  reloadConfig();
  server = createServer((req, res) => {
    if (refuseCrossSiteServerAction(req, res)) return;
    reached += 1;
    res.writeHead(200, { "content-type": "text/plain" }).end("next.js");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (savedAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = savedAppUrl;
  reloadConfig();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function send(init: { method?: string; path?: string; headers?: Record<string, string>; body?: string }) {
  const before = reached;
  const res = await fetch(`${base}${init.path ?? "/clients/new"}`, {
    method: init.method ?? "POST",
    headers: init.headers,
    body: init.body,
  });
  return { status: res.status, text: await res.text(), reachedNext: reached > before };
}

const actionHeaders = (origin: string | undefined) => ({
  "next-action": "7f3c0e5d9a1b2c3d4e5f60718293a4b5c6d7e8f901",
  "content-type": "text/plain;charset=UTF-8",
  ...(origin === undefined ? {} : { origin }),
});

/** Origins that are not the app's: other hosts, ports and schemes, look-alikes. */
const foreignOrigin = fc
  .oneof(
    fc.webUrl({ withFragments: false, withQueryParameters: false }).map((u) => new URL(u).origin),
    fc.constantFrom(
      "https://localhost:3000",
      "http://localhost:3001",
      "http://127.0.0.1:3000",
      "http://localhost",
      "http://localhost:3000.evil.example",
      "http://evil.example",
      "null",
    ),
  )
  .filter((o) => o !== APP);

describe("server actions from another origin", () => {
  it("answer 403 for a foreign Origin (generated), and never reach Next.js", async () => {
    await fc.assert(
      fc.asyncProperty(
        foreignOrigin,
        fc.constantFrom("/clients/new", "/team", "/", "/invite/abc", "/api/auth/sign-in/email"),
        async (origin, path) => {
          const res = await send({ path, headers: actionHeaders(origin), body: "[]" });
          expect(res.status).toBe(403);
          expect(res.text).toMatch(/Cross-site request refused/);
          expect(res.reachedNext).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("answer 403 without an Origin header, and for form posts (multipart or URL-encoded) without Next-Action", async () => {
    expect(await send({ headers: actionHeaders(undefined), body: "[]" })).toMatchObject({ status: 403, reachedNext: false });
    const form = new FormData();
    form.set("$ACTION_ID_7f3c0e5d", "");
    form.set("name", "Forged");
    const multipart = await fetch(`${base}/clients/new`, { method: "POST", headers: { origin: "https://evil.example" }, body: form });
    expect(multipart.status).toBe(403);
    const encoded = await send({
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "name=Forged",
    });
    expect(encoded).toMatchObject({ status: 403, reachedNext: false });
  });

  it("go on to Next.js from the app's own origin", async () => {
    expect(await send({ headers: actionHeaders(APP), body: "[]" })).toEqual({ status: 200, text: "next.js", reachedNext: true });
    const form = new FormData();
    form.set("name", "Mine");
    const res = await fetch(`${base}/clients/new`, { method: "POST", headers: { origin: APP }, body: form });
    expect([res.status, await res.text()]).toEqual([200, "next.js"]);
  });

  it("leave requests that are not server actions alone (pages, JSON posts to route handlers)", async () => {
    expect(await send({ method: "GET", headers: { ...actionHeaders("https://evil.example") } })).toMatchObject({
      status: 200,
      reachedNext: true,
    });
    expect(
      await send({
        path: "/api/auth/sign-in/email",
        headers: { origin: "https://evil.example", "content-type": "application/json" },
        body: "{}",
      }),
    ).toMatchObject({
      status: 200,
      reachedNext: true,
    });
  });
});
