import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { gzip as gzipCallback, constants as zlib } from "node:zlib";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { accepts } from "hono/accepts";
import { CSP_HEADER, contentSecurityPolicy, createNonce } from "./security-headers";
import type { ApiEnv } from "@/platform/http-kit/env";
import { publicRoute } from "@/platform/http-kit/operation";

/*
 * The API reference at /api/docs: Swagger UI's prebuilt bundle (swagger-ui-dist, no runtime
 * dependencies, no build step) read from node_modules and served by this app, so the docs work on a
 * machine without access to any CDN. The page is rendered per request (its scripts carry the
 * request's CSP nonce); the assets live under /api/docs/ with their content hash in the name, so they
 * can be cached for a year and a new version of the bundle gets new URLs.
 */

const gzip = promisify(gzipCallback);

/** Where the page reads the API description from. */
export const OPENAPI_DOCUMENT_PATH = "/api/v1/openapi.json";
export const DOCS_PATH = "/api/docs";

/** A year; `immutable`: the URL changes whenever the bytes do. */
const IMMUTABLE = "public, max-age=31536000, immutable";

interface DocsAsset {
  /** The path it is served at, with the content hash in the file name. */
  path: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
  /** Compressed once, on first request. */
  gzipped?: Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * Swagger UI's options (https://swagger.io/docs/open-source-tools/swagger-ui/usage/configuration/).
 * Nothing is fetched from another origin: no validator badge (validatorUrl null), no external spec.
 */
const SWAGGER_UI_OPTIONS = {
  url: OPENAPI_DOCUMENT_PATH,
  dom_id: "#swagger-ui",
  deepLinking: true,
  displayOperationId: true,
  displayRequestDuration: true,
  docExpansion: "list",
  defaultModelsExpandDepth: 0,
  filter: true,
  showCommonExtensions: true,
  tryItOutEnabled: false,
  validatorUrl: null,
};

/** Our own script, run after the bundle: an external file (not inline), so the page needs nothing but nonce'd <script src>. */
const INITIALIZER = `"use strict";
window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(SWAGGER_UI_OPTIONS)}, {
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
}));
`;

function hashed(name: string, extension: string, bytes: Buffer, contentType: string): DocsAsset {
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  return { path: `${DOCS_PATH}/${name}.${hash}.${extension}`, contentType, body: new Uint8Array(bytes) };
}

let assets: { stylesheet: DocsAsset; bundle: DocsAsset; initializer: DocsAsset } | undefined;

/** The page's three assets, read from node_modules once per process. */
export function docsAssets(): { stylesheet: DocsAsset; bundle: DocsAsset; initializer: DocsAsset } {
  if (assets) return assets;
  const resolve = (file: string) => createRequire(import.meta.url).resolve(`swagger-ui-dist/${file}`);
  assets = {
    stylesheet: hashed("swagger-ui", "css", readFileSync(resolve("swagger-ui.css")), "text/css; charset=utf-8"),
    bundle: hashed("swagger-ui-bundle", "js", readFileSync(resolve("swagger-ui-bundle.js")), "text/javascript; charset=utf-8"),
    initializer: hashed("init", "js", Buffer.from(INITIALIZER, "utf8"), "text/javascript; charset=utf-8"),
  };
  return assets;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** The page: a stylesheet and two nonce'd external scripts; no inline script or style. */
export function docsPage(nonce: string): string {
  const { stylesheet, bundle, initializer } = docsAssets();
  const n = escapeAttribute(nonce);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Workledger API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${stylesheet.path}">
</head><body>
<noscript>The interactive reference needs JavaScript. The API description itself is at <a href="${OPENAPI_DOCUMENT_PATH}">${OPENAPI_DOCUMENT_PATH}</a>.</noscript>
<div id="swagger-ui"></div>
<script src="${bundle.path}" nonce="${n}"></script>
<script src="${initializer.path}" nonce="${n}"></script>
</body></html>`;
}

function gzipped(asset: DocsAsset): Promise<Uint8Array<ArrayBuffer>> {
  asset.gzipped ??= gzip(asset.body, { level: zlib.Z_BEST_COMPRESSION }).then(
    (bytes) => new Uint8Array(bytes),
    (err: unknown) => {
      // Not cached: the next request tries again.
      asset.gzipped = undefined;
      throw err;
    },
  );
  return asset.gzipped;
}

/** Registers /api/docs and its assets as public routes (GET, no credentials, no data). */
export function registerDocs(app: OpenAPIHono<ApiEnv>, publicPaths: Map<string, string>): void {
  publicRoute(app, publicPaths, { path: DOCS_PATH, why: "the reference page, which reads openapi.json" }, (c) => {
    const nonce = createNonce();
    // Never stored by a cache: the nonce must be new for every response.
    return c.html(docsPage(nonce), 200, { [CSP_HEADER]: contentSecurityPolicy("api-docs", { nonce }), "cache-control": "no-store" });
  });
  const { stylesheet, bundle, initializer } = docsAssets();
  for (const [asset, why] of [
    [stylesheet, "the reference page's stylesheet"],
    [bundle, "the reference page's script (Swagger UI)"],
    [initializer, "the script that starts the reference page"],
  ] as const) {
    publicRoute(app, publicPaths, { path: asset.path, why }, async (c) => {
      const headers: Record<string, string> = { "content-type": asset.contentType, "cache-control": IMMUTABLE, vary: "Accept-Encoding" };
      if (accepts(c, { header: "Accept-Encoding", supports: ["gzip"], default: "identity" }) === "gzip") {
        return c.body(await gzipped(asset), 200, { ...headers, "content-encoding": "gzip" });
      }
      return c.body(asset.body, 200, headers);
    });
  }
}
