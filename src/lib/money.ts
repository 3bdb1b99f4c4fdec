import { AppError } from "./app-error";

/**
 * Money is an integer count of the currency's minor units (cents, fils, yen) — never a float.
 * Decimal strings are parsed and formatted digit by digit, and any product that can pass 2^53
 * is computed in BigInt, so no value is ever rounded by binary floating point.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Longer input cannot be a safe integer anyway; the cap keeps BigInt work on hostile input small. */
const MAX_INPUT_LENGTH = 64;
/** Digits with optional thousands commas ("1,234,567"), an optional fraction, or a bare fraction (".5"). */
const DECIMAL_RE = /^(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?|\.(\d+))$/;
const CURRENCY_RE = /^[A-Z]{3}$/;

const exponents = new Map<string, number>();

/**
 * The number of minor-unit digits of an ISO 4217 currency (JPY 0, EUR 2, BHD 3), as the runtime's
 * CLDR data has it (which says 0 for ISK and HUF, the digits people actually use).
 */
export function currencyExponent(currency: string): number {
  const cached = exponents.get(currency);
  if (cached !== undefined) return cached;
  if (!CURRENCY_RE.test(currency)) {
    throw new AppError("validation_failed", `"${currency}" is not a currency code (three capital letters, e.g. EUR)`);
  }
  let exponent: number;
  try {
    exponent = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new AppError("validation_failed", `"${currency}" is not a known currency`);
  }
  exponents.set(currency, exponent);
  return exponent;
}

/**
 * An exact decimal string scaled by 10^places into a safe integer; `what` names the value in errors.
 * Accepts surrounding whitespace and thousands commas; rejects signs, exponents and excess decimals.
 */
function parseScaled(input: string, places: number, what: string, tooManyDecimals: string): number {
  const text = typeof input === "string" ? input.trim() : "";
  if (text.startsWith("-") && DECIMAL_RE.test(text.slice(1).trim())) {
    throw new AppError("validation_failed", `${what} must not be negative`);
  }
  const match = text.length <= MAX_INPUT_LENGTH ? DECIMAL_RE.exec(text) : null;
  if (!match) {
    if (text.length > MAX_INPUT_LENGTH && /^[\d,.]+$/.test(text)) {
      throw new AppError("validation_failed", `${what} is too large`);
    }
    throw new AppError("validation_failed", `${what} must be a number like 1234.50, not "${clip(input)}"`);
  }
  const integerDigits = (match[1] ?? "0").replaceAll(",", "");
  const fractionDigits = match[2] ?? match[3] ?? "";
  if (fractionDigits.length > places) throw new AppError("validation_failed", tooManyDecimals);
  const scaled = BigInt(integerDigits + fractionDigits.padEnd(places, "0"));
  if (scaled > MAX_SAFE) throw new AppError("validation_failed", `${what} is too large`);
  return Number(scaled);
}

function clip(input: unknown): string {
  const text = String(input);
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/** A user-typed amount ("1,234.50", " 12 ") → minor units of `currency`, exactly. */
export function parseMoney(input: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const tooMany =
    exponent === 0
      ? `${currency} amounts have no decimal places`
      : `${currency} amounts have at most ${exponent} decimal place${exponent === 1 ? "" : "s"}`;
  return parseScaled(input, exponent, "The amount", tooMany);
}

/** An exact decimal string → integer scaled by 10^places (quantities and tax percentages use 3 places). */
export function parseDecimal(input: string, places: number): number {
  if (!Number.isInteger(places) || places < 0 || places > 15) throw new RangeError(`places must be 0..15, got ${places}`);
  const tooMany = places === 0 ? "The number must be whole" : `The number has more than ${places} decimal places`;
  return parseScaled(input, places, "The number", tooMany);
}

/**
 * A scaled integer as a plain decimal string with exactly `places` decimals ("-1234.50"), built from
 * the integer's digits. This is the machine form (CSV, Intl input), not a localised display.
 */
export function toDecimalString(scaled: number | bigint, places: number): string {
  if (typeof scaled === "number" && !Number.isSafeInteger(scaled)) throw new RangeError(`Not a safe integer: ${scaled}`);
  const value = BigInt(scaled);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, "0");
  const integer = digits.slice(0, digits.length - places);
  const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : "";
  return `${negative ? "-" : ""}${integer}${fraction}`;
}

/** A scaled integer with trailing fractional zeros dropped: quantity 1500 at 3 places → "1.5", 2000 → "2". */
export function formatDecimal(scaled: number, places: number): string {
  const text = toDecimalString(scaled, places);
  return places > 0 ? text.replace(/\.?0+$/, "") : text;
}

/** Minor units → a localised currency string ("$1,234.50", "1.234,50 €", "¥1,234", "BHD 1.234"). */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const exponent = currencyExponent(currency);
  // ES2023 Intl formats a decimal *string* exactly, so digits past 2^53 / 100 are never rounded.
  const decimal = toDecimalString(minor, exponent) as `${number}`;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(decimal);
}

/** round(numerator / denominator), halves rounded up (away from zero, as both are non-negative). */
export function roundHalfUpDiv(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError(`roundHalfUpDiv needs numerator >= 0 and denominator > 0, got ${numerator}/${denominator}`);
  }
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return remainder * 2n >= denominator ? quotient + 1n : quotient;
}
