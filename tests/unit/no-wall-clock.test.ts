import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The lint rule forbids `new Date()` and `Date.now()` outside src/lib/clock.ts. SQL can read the
 * wall clock too (now(), current_date…): in the code and the tests, every date the app decides on
 * comes from the injectable clock, passed to SQL as a parameter. (Column defaults in migrations
 * stamp when a row was physically written and stay as they are.)
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const FOLDERS = ["src", "tests", "scripts", "bench"];
const SQL_CLOCK =
  /\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday)\s*\(\s*\)|\b(current_date|current_timestamp|current_time|localtimestamp|localtime)\b/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(name) ? [full] : [];
  });
}

/** The literal parts of every template string (`${…}` holes removed), where SQL is written. */
function templateText(source: string): string[] {
  return [...source.matchAll(/`(?:[^`\\]|\\.)*`/gs)].map((m) => m[0].replace(/\$\{[^}]*\}/g, "?"));
}

describe("no wall clock in SQL", () => {
  const files = FOLDERS.flatMap((f) => sourceFiles(path.join(ROOT, f))).filter(
    (f) => f !== import.meta.filename && !f.endsWith(path.join("src", "lib", "clock.ts")),
  );

  it("finds the files it checks", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("no template string (SQL) reads the database's clock", () => {
    const offenders = files.flatMap((file) =>
      templateText(readFileSync(file, "utf8"))
        .filter((t) => SQL_CLOCK.test(t))
        .map((t) => `${path.relative(ROOT, file)}: ${t.slice(0, 120)}`),
    );
    expect(offenders).toEqual([]);
  });

  it("would catch one", () => {
    expect(templateText("sql`update invoices set updated_at = now() where id = ${id}`").some((t) => SQL_CLOCK.test(t))).toBe(true);
    expect(templateText("sql`select * from invoices where due_date < current_date`").some((t) => SQL_CLOCK.test(t))).toBe(true);
    expect(templateText("sql`update invoices set updated_at = ${now()} where id = ${id}`").some((t) => SQL_CLOCK.test(t))).toBe(false);
  });
});
