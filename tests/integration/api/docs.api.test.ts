import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { getRequestListener } from "@hono/node-server";
import { createAppListener } from "@/http/http-listener";
import { apiApp } from "../../support/api";
import { expectNoncedDocument, expectSecurityHeaders, nonceOf, openingTags } from "../../support/security-headers";

/*
 * The API reference at /api/docs and its assets, through the real Node listener (the path the app
 * server takes before Next.js): the page, then every asset it names, answer 200 with the right content
 * type and the caching their kind calls for; nothing the page loads comes from another origin; the
 * assets are the files of swagger-ui-dist, byte for byte, whatever encoding the client accepts.
 */

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let server: Server;
let base = "";
/** What the stand-in for Next.js was asked for: the docs must never reach it. */
const handedToNext: string[] = [];

beforeAll(async () => {
  const listener = createAppListener({
    api: getRequestListener(apiApp.fetch),
    next: (req, res) => {
      handedToNext.push(req.url ?? "");
      res.writeHead(404, { "content-type": "text/plain" }).end("next");
    },
  });
  server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A request over HTTP with the bytes as sent (fetch would decompress them). */
function raw(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: options.method ?? "GET", headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function decoded(answer: RawAnswer): Buffer {
  return answer.headers["content-encoding"] === "gzip" ? gunzipSync(answer.body) : answer.body;
}

/** The URLs a page loads: <script src>, <link href>. */
function loadedUrls(html: string): string[] {
  return [...openingTags(html, "script"), ...openingTags(html, "link")].map(
    (tag) => /\s(?:src|href)="([^"]*)"/.exec(tag)?.[1] ?? `(none in ${tag})`,
  );
}

const swaggerFile = (name: string) => readFileSync(createRequire(import.meta.url).resolve(`swagger-ui-dist/${name}`));

async function docsPage(): Promise<{ answer: RawAnswer; html: string; urls: string[] }> {
  const answer = await raw("/api/docs");
  const html = answer.body.toString("utf8");
  return { answer, html, urls: loadedUrls(html) };
}

describe("/api/docs", () => {
  it("is an HTML page, never cached, whose nonce'd scripts and stylesheet all come from /api/docs/", async () => {
    const { answer, html, urls } = await docsPage();
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toMatch(/^text\/html; charset=utf-8$/i);
    expect(answer.headers["cache-control"]).toBe("no-store");
    const directives = expectSecurityHeaders(answer.headers, { https: false, where: "/api/docs" });
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("script-src")).not.toContain("'unsafe-eval'");
    const nonce = nonceOf(String(answer.headers["content-security-policy"]))!;
    expect(expectNoncedDocument(html, nonce, "/api/docs")).toBe(2);
    // External scripts only: an empty element after every <script src>.
    expect(html.match(/<script\b[^>]*><\/script>/g)).toHaveLength(2);
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(url).toMatch(/^\/api\/docs\/[a-z-]+\.[0-9a-f]{16}\.(js|css)$/);
    // Nothing from another origin, anywhere in the page.
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(handedToNext).toEqual([]);
  });

  it("gets a new nonce on every request, while the asset URLs stay the same", async () => {
    const pages = await Promise.all(Array.from({ length: 10 }, () => docsPage()));
    const nonces = pages.map((p) => nonceOf(String(p.answer.headers["content-security-policy"])));
    expect(new Set(nonces).size).toBe(pages.length);
    expect(new Set(pages.map((p) => p.urls.join(" "))).size).toBe(1);
  });

  it("answers HEAD like GET, without a body", async () => {
    const head = await raw("/api/docs", { method: "HEAD" });
    expect([head.status, head.body.length]).toEqual([200, 0]);
    expect(head.headers["content-type"]).toMatch(/^text\/html/i);
  });
});

describe("the docs assets", () => {
  it("answer 200 with their content type, a year of immutable caching and the bytes of swagger-ui-dist", async () => {
    const { urls } = await docsPage();
    const expected: Record<string, { type: RegExp; bytes?: Buffer }> = {
      "swagger-ui": { type: /^text\/css; charset=utf-8$/, bytes: swaggerFile("swagger-ui.css") },
      "swagger-ui-bundle": { type: /^text\/javascript; charset=utf-8$/, bytes: swaggerFile("swagger-ui-bundle.js") },
      init: { type: /^text\/javascript; charset=utf-8$/ },
    };
    expect(urls.map((url) => /\/api\/docs\/([a-z-]+)\./.exec(url)?.[1]).sort()).toEqual(Object.keys(expected).sort());
    for (const url of urls) {
      const name = /\/api\/docs\/([a-z-]+)\./.exec(url)![1]!;
      const answer = await raw(url);
      expect(answer.status, url).toBe(200);
      expect(answer.headers["content-type"], url).toMatch(expected[name]!.type);
      expect(answer.headers["cache-control"], url).toBe("public, max-age=31536000, immutable");
      expect(answer.headers.vary, url).toMatch(/accept-encoding/i);
      expect(answer.headers["content-encoding"], url).toBeUndefined();
      expect(Number(answer.headers["content-length"]), url).toBe(answer.body.length);
      // Not a document: it may load and run nothing of its own, and is never sniffed as something else.
      expect(expectSecurityHeaders(answer.headers, { https: false, where: url }).get("default-src")).toEqual(["'none'"]);
      if (expected[name]!.bytes) expect(answer.body.equals(expected[name]!.bytes!), `${url} is the file from node_modules`).toBe(true);
      // The name carries the content's hash: new bytes get a new URL, so a year of caching is safe.
      expect(url).toContain(`.${createHash("sha256").update(answer.body).digest("hex").slice(0, 16)}.`);
    }
  });

  it("the start-up script reads the API description from this origin and turns off the online validator", async () => {
    const { urls } = await docsPage();
    const script = (await raw(urls.find((u) => u.includes("/init."))!)).body.toString("utf8");
    expect(script).toContain('"url":"/api/v1/openapi.json"');
    expect(script).toContain('"validatorUrl":null');
    expect(script).not.toMatch(/https?:\/\//);
    const doc = await raw("/api/v1/openapi.json");
    expect([doc.status, doc.headers["content-type"]]).toEqual([200, "application/json"]);
  });

  it("whatever Accept-Encoding says, the client gets bytes it can decode, identical to the file", async () => {
    const { urls } = await docsPage();
    const identity = new Map<string, Buffer>();
    for (const url of urls) identity.set(url, decoded(await raw(url)));
    const coding = fc.record({
      name: fc.constantFrom("gzip", "GZIP", "br", "deflate", "identity", "*", "zstd"),
      q: fc.option(fc.constantFrom("0", "0.0", "0.001", "0.5", "1", "1.0"), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...urls), fc.array(coding, { maxLength: 4 }), async (url, codings) => {
        const header = codings.map((c) => (c.q === undefined ? c.name : `${c.name};q=${c.q}`)).join(", ");
        const answer = await raw(url, { headers: { "accept-encoding": header } });
        expect(answer.status).toBe(200);
        // gzip exactly when the client named it with a weight above zero.
        const wantsGzip = codings.some((c) => c.name.toLowerCase() === "gzip" && Number(c.q ?? "1") > 0);
        expect(answer.headers["content-encoding"] ?? "identity", header).toBe(wantsGzip ? "gzip" : "identity");
        expect(decoded(answer).equals(identity.get(url)!), header).toBe(true);
        expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
      }),
      { numRuns: 60 },
    );
  });

  it("compresses the bundle to well under half its size", async () => {
    const { urls } = await docsPage();
    const bundle = urls.find((u) => u.includes("/swagger-ui-bundle."))!;
    const [plain, gzipped] = await Promise.all([raw(bundle), raw(bundle, { headers: { "accept-encoding": "gzip" } })]);
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.body.length).toBeLessThan(plain.body.length * 0.4);
  });

  it("anything else under /api/docs is a 404 problem, with or without credentials", async () => {
    const { urls } = await docsPage();
    const stale = urls[0]!.replace(/\.[0-9a-f]{16}\./, ".0000000000000000.");
    for (const path of ["/api/docs/scalar.js", stale, "/api/docs/swagger-ui-bundle.js", "/api/docs/", "/api/docs/index.html"]) {
      const answer = await raw(path);
      expect([answer.status, answer.headers["content-type"]], path).toEqual([404, "application/problem+json"]);
    }
    const posted = await raw(urls[0]!, { method: "POST" });
    expect(posted.status).toBe(404);
    expect(handedToNext).toEqual([]);
  });
});
