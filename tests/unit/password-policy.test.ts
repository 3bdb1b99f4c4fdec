import fc from "fast-check";
import * as common from "@zxcvbn-ts/language-common";
import { describe, expect, it } from "vitest";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "@/platform/password-policy";

const commonPasswords = (common.dictionary["passwords-common"] as string[]).slice(0, 1000);
const dicewareWords = (common.dictionary["diceware-common"] as string[]).filter((w) => w.length >= 3);

/** The small changes people make to a common password to get it past a rule. */
const mutation = fc.constantFrom(
  (p: string) => p,
  (p: string) => p.charAt(0).toUpperCase() + p.slice(1),
  (p: string) => `${p}1`,
  (p: string) => `${p}!`,
  (p: string) => `${p}2024`,
  (p: string) => p.replace(/a/g, "@").replace(/o/g, "0"),
);

describe("the password policy", () => {
  it("refuses the examples from the issue, with a readable reason", () => {
    for (const weak of ["aaaaaaaa", "password1", "12345678", "qwertyuiop", "P@ssw0rd!", "iloveyou123", "Summer2024!"]) {
      expect(passwordProblem(weak), weak).toMatch(/too easy to guess/);
    }
    expect(passwordProblem("short1!")).toBe(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    expect(passwordProblem("x".repeat(129))).toBe("Password must be at most 128 characters");
  });

  it("refuses the 1,000 commonest passwords and their usual variations (generated)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...commonPasswords), mutation, (password, mutate) => {
        const candidate = mutate(password);
        fc.pre(candidate.length >= MIN_PASSWORD_LENGTH);
        expect(passwordProblem(candidate), candidate).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it("refuses passwords made of the person's own email address or name (generated people)", () => {
    const person = fc.record({
      first: fc.stringMatching(/^[A-Z][a-z]{3,9}$/),
      last: fc.stringMatching(/^[A-Z][a-z]{3,11}$/),
      domain: fc.stringMatching(/^[a-z]{4,10}$/),
    });
    const derived = fc.constantFrom(
      (p: { first: string; last: string; email: string }) => p.email,
      (p: { first: string; last: string; email: string }) => p.email.toUpperCase(),
      (p: { first: string; last: string; email: string }) => `${p.first}${p.last}`,
      (p: { first: string; last: string; email: string }) => `${p.first} ${p.last}`,
      (p: { first: string; last: string; email: string }) => `${p.first.toLowerCase()}${p.last.toLowerCase()}1`,
      (p: { first: string; last: string; email: string }) => `${p.last}1987`,
      (p: { first: string; last: string; email: string }) => `${p.email.split("@")[0]}123`,
    );
    fc.assert(
      fc.property(person, derived, ({ first, last, domain }, derive) => {
        const email = `${first.toLowerCase()}.${last.toLowerCase()}@${domain}.example`;
        const candidate = derive({ first, last, email });
        fc.pre(candidate.length >= MIN_PASSWORD_LENGTH);
        expect(passwordProblem(candidate, { email, name: `${first} ${last}` }), candidate).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("accepts passphrases of four random words and long random strings (generated)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...dicewareWords), { minLength: 4, maxLength: 5 }),
        fc.constantFrom(" ", "-", "."),
        (words, sep) => {
          const candidate = words.join(sep);
          fc.pre(candidate.length >= MIN_PASSWORD_LENGTH && candidate.length <= 128 && new Set(words).size === words.length);
          expect(passwordProblem(candidate, { email: "someone@example.test", name: "Some One" }), candidate).toBeNull();
        },
      ),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 48 }), (bytes) => {
        const candidate = Buffer.from(bytes).toString("base64url");
        fc.pre(candidate.length >= 16);
        expect(passwordProblem(candidate), candidate).toBeNull();
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it("judges the longest allowed password quickly (the estimator's work is bounded)", () => {
    passwordProblem("warm up the dictionaries");
    for (const bytes of [96, 96, 96]) {
      const candidate = Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 37 + bytes) % 256))
        .toString("base64")
        .slice(0, 128);
      const started = performance.now();
      expect(passwordProblem(candidate)).toBeNull();
      expect(performance.now() - started).toBeLessThan(2_500);
    }
  }, 30_000);
});
