import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { appUrl, config, reloadConfig } from "@/platform/config";

const NAMES = [
  "PORT",
  "APP_URL",
  "TRUST_PROXY",
  "AUTH_RATE_LIMIT_PER_MINUTE",
  "OVERDUE_JOB_INTERVAL_MINUTES",
  "BETTER_AUTH_SECRET",
] as const;
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));

afterEach(() => {
  for (const n of NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
  reloadConfig();
});

function withEnv(values: Partial<Record<(typeof NAMES)[number], string>>) {
  for (const [k, v] of Object.entries(values)) process.env[k] = v;
  return reloadConfig;
}

describe("configuration", () => {
  it("is read once: a later change of the environment is not seen until reloaded", () => {
    withEnv({ PORT: "4100" })();
    process.env.PORT = "4200";
    expect(config().PORT).toBe(4100);
    expect(reloadConfig().PORT).toBe(4200);
  });

  it("treats an empty variable as unset and fills the defaults", () => {
    const c = withEnv({ PORT: "", TRUST_PROXY: "", AUTH_RATE_LIMIT_PER_MINUTE: "", APP_URL: "" })();
    expect([c.PORT, c.TRUST_PROXY, c.AUTH_RATE_LIMIT_PER_MINUTE, c.APP_URL]).toEqual([3000, false, 30, undefined]);
    expect(appUrl()).toBe("http://localhost:3000");
  });

  it("refuses a bad value, naming the variable", () => {
    const bad: [(typeof NAMES)[number], string][] = [
      ["PORT", "70000"],
      ["PORT", "eighty"],
      ["APP_URL", "ftp://example.com"],
      ["TRUST_PROXY", "yes please"],
      ["AUTH_RATE_LIMIT_PER_MINUTE", "0"],
      ["OVERDUE_JOB_INTERVAL_MINUTES", "-1"],
      ["BETTER_AUTH_SECRET", "short"],
    ];
    for (const [name, value] of bad) {
      expect(withEnv({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(`Invalid configuration[\\s\\S]*${name}`));
      process.env[name] = saved[name] ?? "";
      if (saved[name] === undefined) delete process.env[name];
    }
  });

  it("accepts every port and every positive budget", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 1_000_000 }), (port, budget) => {
        const c = withEnv({ PORT: String(port), AUTH_RATE_LIMIT_PER_MINUTE: String(budget) })();
        expect([c.PORT, c.AUTH_RATE_LIMIT_PER_MINUTE]).toEqual([port, budget]);
      }),
      { numRuns: 50 },
    );
  });
});
