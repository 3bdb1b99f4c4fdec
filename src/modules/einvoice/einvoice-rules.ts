/**
 * The official EN 16931 business rules at run time (POST /api/v1/einvoices/validate): CEN/TC 434's
 * Schematron compiled to XSLT, run with SaxonJS. The stylesheets are not part of this repository: they are
 * read from EN16931_DIR (default ../shared/en16931), compiled to SEF once with `xslt3` (about 40 s, in a child
 * process) into $WORKLEDGER_DATA_DIR/en16931/, keyed by the stylesheet's hash, and kept parsed in memory.
 * Until a stylesheet is compiled the operation answers 503 with Retry-After; without the stylesheets, 503 too.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { config } from "@/platform/config";
import { AppError } from "@/platform/errors";
import { dataDir } from "@/platform/local-state";

export type RulesSyntax = "ubl" | "cii";
const STYLESHEETS: Record<RulesSyntax, string> = { ubl: "EN16931-UBL-validation.xslt", cii: "EN16931-CII-validation.xslt" };

export interface FailedRule {
  rule: string;
  flag: string;
  location: string;
  message: string;
}

interface SaxonJs {
  transform(
    options: { stylesheetInternal: unknown; sourceText: string; destination: "serialized" },
    mode: "sync",
  ): { principalResult: string };
}

const require = createRequire(import.meta.url);

function rulesDir(): string {
  return path.resolve(config().EN16931_DIR ?? path.join(process.cwd(), "../shared/en16931"));
}

const loaded = new Map<RulesSyntax, unknown>();
const compiling = new Map<RulesSyntax, Promise<void>>();

function compileInBackground(syntax: RulesSyntax, xsl: string, sef: string): void {
  if (compiling.has(syntax)) return;
  const job = new Promise<void>((resolve) => {
    mkdirSync(path.dirname(sef), { recursive: true });
    const tmp = `${sef}.${process.pid}.tmp`;
    execFile(process.execPath, [require.resolve("xslt3/xslt3.js"), `-xsl:${xsl}`, `-export:${tmp}`, "-nogo"], (err) => {
      if (err) console.error(`EN 16931 rules: compiling ${xsl} failed`, err);
      else renameSync(tmp, sef);
      compiling.delete(syntax);
      resolve();
    });
  });
  compiling.set(syntax, job);
}

/** The compiled stylesheet, or a 503 while it is being compiled (or when the rules are not installed). */
function stylesheet(syntax: RulesSyntax): unknown {
  const ready = loaded.get(syntax);
  if (ready) return ready;
  const xsl = path.join(rulesDir(), STYLESHEETS[syntax]);
  if (!existsSync(xsl)) {
    throw new AppError("unavailable", "The EN 16931 validation rules are not installed on this server (EN16931_DIR)", undefined, {
      retryAfterSeconds: 3600,
    });
  }
  const hash = createHash("sha256").update(readFileSync(xsl)).digest("hex").slice(0, 16);
  const sef = path.join(dataDir(), "en16931", `${STYLESHEETS[syntax].replace(/\.xslt$/, "")}.${hash}.sef.json`);
  if (!existsSync(sef)) {
    compileInBackground(syntax, xsl, sef);
    throw new AppError("unavailable", "The EN 16931 validation rules are being prepared; try again in a minute", undefined, {
      retryAfterSeconds: 60,
    });
  }
  const parsed = JSON.parse(readFileSync(sef, "utf8")) as unknown;
  loaded.set(syntax, parsed);
  return parsed;
}

/** Which syntax a document is in, from its root element; anything else is a 422. */
export function syntaxOf(xml: string): RulesSyntax {
  const root = /<(?:[A-Za-z_][\w.-]*:)?(Invoice|CreditNote|CrossIndustryInvoice)\b[^>]*>/.exec(
    xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ""),
  );
  if (root?.[1] === "CrossIndustryInvoice" && xml.includes("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100")) return "cii";
  if ((root?.[1] === "Invoice" || root?.[1] === "CreditNote") && xml.includes("urn:oasis:names:specification:ubl:schema:xsd:"))
    return "ubl";
  throw new AppError("validation_failed", "Send a UBL 2.1 Invoice or CreditNote, or a UN/CEFACT CrossIndustryInvoice", {
    body: ["The document is neither UBL nor CII"],
  });
}

function attr(tag: string, name: string): string {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? "";
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Runs the rules of the document's syntax; every failed assert (fatal and warning). */
export function runEn16931Rules(xml: string): { syntax: RulesSyntax; failed: FailedRule[] } {
  // No document type declarations: no entity expansion, no external entities.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new AppError("validation_failed", "Documents with a DOCTYPE are not accepted", { body: ["Remove the DOCTYPE"] });
  const syntax = syntaxOf(xml);
  const sef = stylesheet(syntax);
  const saxon = require("saxon-js") as SaxonJs;
  let output: string;
  try {
    output = saxon.transform({ stylesheetInternal: sef, sourceText: xml, destination: "serialized" }, "sync").principalResult;
  } catch (err) {
    throw new AppError("validation_failed", "The document is not well-formed XML", {
      body: [err instanceof Error ? err.message.slice(0, 300) : "Unreadable XML"],
    });
  }
  return { syntax, failed: failedAssertsOf(output) };
}

/** The failed asserts of an SVRL report (what the compiled rules print), for the app and the tests alike. */
export function failedAssertsOf(svrl: string): FailedRule[] {
  const failed: FailedRule[] = [];
  for (const m of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)) {
    const text = /<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(m[2]!)?.[1] ?? "";
    failed.push({
      rule: attr(m[1]!, "id"),
      flag: attr(m[1]!, "flag"),
      location: unescapeXml(attr(m[1]!, "location")),
      message: unescapeXml(text).replace(/\s+/g, " ").trim(),
    });
  }
  return failed;
}
