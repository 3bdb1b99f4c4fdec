/**
 * The official EN 16931 validation rules (CEN/TC 434's Schematron compiled to XSLT, ../shared/en16931),
 * run in-process with SaxonJS. Each stylesheet is compiled to SEF once with `xslt3` (about 40 s) and cached
 * under node_modules/.cache/en16931, keyed by the stylesheet's hash; within a run the parsed SEF is loaded
 * once (a shared promise) and reused for every document.
 */
import { failedAssertsOf } from "@/modules/einvoice/einvoice-rules";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { reloadConfig } from "@/platform/config";

interface SaxonJs {
  transform(
    options: { stylesheetInternal: unknown; sourceText: string; destination: "serialized" },
    mode: "sync",
  ): { principalResult: string };
}

const require = createRequire(import.meta.url);
const saxon = require("saxon-js") as SaxonJs;

const ROOT = path.resolve(import.meta.dirname, "../..");
export const EN16931_DIR = process.env.EN16931_DIR ?? path.resolve(ROOT, "../../shared/en16931");
const STYLESHEETS = { ubl: "EN16931-UBL-validation.xslt", cii: "EN16931-CII-validation.xslt" } as const;
export type Syntax = keyof typeof STYLESHEETS;

export interface FailedAssert {
  id: string;
  flag: string;
  location: string;
  text: string;
}

export function en16931Available(): boolean {
  return existsSync(path.join(resolveDir(), STYLESHEETS.ubl));
}

/** The folder of the official stylesheets and examples. */
export function en16931Dir(): string {
  return resolveDir();
}

function resolveDir(): string {
  // The worktree lives at /work/wt/<branch>; the main checkout at /work/main: both see /work/shared.
  for (const dir of [EN16931_DIR, path.resolve(ROOT, "../shared/en16931"), "/work/shared/en16931"]) {
    if (existsSync(path.join(dir, STYLESHEETS.ubl))) return dir;
  }
  return EN16931_DIR;
}

async function compile(syntax: Syntax): Promise<unknown> {
  return JSON.parse(readFileSync(await compiledPath(syntax), "utf8")) as unknown;
}

/** The SEF file of a stylesheet, compiled first if the cache has none. */
async function compiledPath(syntax: Syntax): Promise<string> {
  const xsl = path.join(resolveDir(), STYLESHEETS[syntax]);
  const hash = createHash("sha256").update(readFileSync(xsl)).digest("hex").slice(0, 16);
  const cacheDir = path.join(ROOT, "node_modules/.cache/en16931");
  const sef = path.join(cacheDir, `${STYLESHEETS[syntax].replace(/\.xslt$/, "")}.${hash}.sef.json`);
  if (!existsSync(sef)) {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${sef}.${process.pid}.tmp`;
    await promisify(execFile)(process.execPath, [require.resolve("xslt3/xslt3.js"), `-xsl:${xsl}`, `-export:${tmp}`, "-nogo"], {
      maxBuffer: 16 * 1024 * 1024,
    });
    renameSync(tmp, sef);
  }
  return sef;
}

/**
 * Puts the compiled rules where the app looks for them at run time (`dir`, the app's $WORKLEDGER_DATA_DIR/en16931),
 * so POST /api/v1/einvoices/validate answers at once instead of compiling for a minute.
 */
export async function installCompiledRules(dir: string): Promise<void> {
  // The app reads the stylesheets from EN16931_DIR (default ../shared/en16931 from the checkout, which a worktree
  // under /work/wt does not have): point it at the ones the tests use.
  process.env.EN16931_DIR ??= resolveDir();
  reloadConfig();
  mkdirSync(dir, { recursive: true });
  for (const syntax of ["ubl", "cii"] as const) {
    const sef = await compiledPath(syntax);
    copyFileSync(sef, path.join(dir, path.basename(sef)));
  }
}

const compiled = new Map<Syntax, Promise<unknown>>();
function stylesheet(syntax: Syntax): Promise<unknown> {
  let p = compiled.get(syntax);
  if (!p) {
    p = compile(syntax);
    compiled.set(syntax, p);
  }
  return p;
}

/** Every failed assert of the rules for this document (fatal and warning). */
export async function validateEn16931(syntax: Syntax, xml: string): Promise<FailedAssert[]> {
  const sef = await stylesheet(syntax);
  const { principalResult } = saxon.transform({ stylesheetInternal: sef, sourceText: xml, destination: "serialized" }, "sync");
  return failedAssertsOf(principalResult).map((f) => ({ id: f.rule, flag: f.flag, location: f.location, text: f.message }));
}

export async function fatalFailures(syntax: Syntax, xml: string): Promise<FailedAssert[]> {
  return (await validateEn16931(syntax, xml)).filter((f) => f.flag === "fatal");
}
