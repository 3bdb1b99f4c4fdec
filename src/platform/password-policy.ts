import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

/*
 * The password policy: zxcvbn-ts (a maintained port of Dropbox's estimator) with its common-password
 * and English dictionaries, told about the person's own email and name so "their own address" or
 * "Ada1990" scores as the guessable thing it is. A password must reach MIN_SCORE: zxcvbn's 3,
 * "safely unguessable" (more than 10^8 guesses), which refuses every password in the dictionaries,
 * keyboard walks, repeats, dates and sequences whatever their length, while passphrases pass.
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
export const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
    // Bounds the work per check (a 128-character random password took 5.5 s of CPU with the defaults,
    // a cheap way to stall the server through sign-up): 64 characters that are strong are strong, and
    // real l33t-speak substitutes a handful of characters, not dozens.
    maxLength: 64,
    l33tMaxSubstitutions: 8,
  });
  return factory;
}

/** The person's own words: the whole address, its local part and domain words, and the parts of their name. */
export function personalWords(person: { email?: string | null; name?: string | null }): string[] {
  const words = new Set<string>();
  const email = person.email?.trim().toLowerCase();
  if (email) {
    words.add(email);
    const [local = "", domain = ""] = email.split("@");
    for (const w of [local, ...local.split(/[^a-z0-9]+/), ...domain.split(".").slice(0, -1)]) if (w.length >= 3) words.add(w);
  }
  const name = person.name?.trim().toLowerCase();
  if (name) {
    words.add(name);
    words.add(name.replace(/\s+/g, ""));
    for (const w of name.split(/[^\p{L}\p{N}]+/u)) if (w.length >= 3) words.add(w);
  }
  return [...words];
}

/** Why a password is refused (one readable sentence), or null when it passes. */
export function passwordProblem(password: string, person: { email?: string | null; name?: string | null } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const words = personalWords(person);
  const lowered = password.toLowerCase();
  if (words.some((w) => w.length >= 3 && lowered.replace(/[^\p{L}\p{N}@.]/gu, "") === w.replace(/[^\p{L}\p{N}@.]/gu, ""))) {
    return "Password must not be your email address or name";
  }
  const result = estimator().check(password, words);
  if (result.score >= MIN_SCORE) return null;
  const usesPersonal = result.sequence.some(
    (m) => m.pattern === "dictionary" && "dictionaryName" in m && m.dictionaryName === "userInputs",
  );
  if (usesPersonal) return "Password is too easy to guess: it is built on your email address or name. Try a few unrelated words";
  const warning = result.feedback.warning;
  return `Password is too easy to guess${warning ? ` (${warning.replace(/\.$/, "").toLowerCase()})` : ""}. Try a few unrelated words, or a longer mix`;
}
