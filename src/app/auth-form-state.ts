import { APIError } from "better-auth";
import type { FieldErrors } from "@/platform/errors";
import type { FormState } from "@/components/forms/form-state";

/** Better Auth's error codes that deserve a sentence a person understands. */
const FRIENDLY: Record<string, string> = {
  INVALID_PASSWORD: "That password is not right",
  INVALID_EMAIL_OR_PASSWORD: "Wrong email or password",
  INVALID_CODE: "That code is not right (codes change every 30 seconds)",
  INVALID_BACKUP_CODE: "That backup code is not right, or was used already",
  INVALID_TOKEN: "This link is not valid any more: it was used, replaced, or it expired. Ask for a new one.",
  TOKEN_EXPIRED: "This link expired. Ask for a new one.",
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: "Too many wrong codes: sign in again to get a new chance",
  INVALID_TWO_FACTOR_COOKIE: "Your sign-in took too long: sign in again",
  PASSWORD_TOO_SHORT: "Password must be at least 8 characters",
  EMAIL_ALREADY_VERIFIED: "Your email address is verified already",
};

export function withoutSecrets(values: Record<string, string>): Record<string, string> {
  const { password: _p, currentPassword: _c, newPassword: _n, confirmPassword: _f, code: _code, ...rest } = values;
  return rest;
}

/**
 * Turns a Better Auth error into form state: its field errors (our policy and validation hooks name
 * the request's fields) under `fieldMap`'s form field names, or one readable message.
 */
export function stateFromAuthError(err: unknown, values: Record<string, string>, fieldMap: Record<string, string> = {}): FormState {
  if (!(err instanceof APIError)) throw err;
  const body = (err.body ?? {}) as { message?: string; errors?: FieldErrors; code?: string };
  const message = (body.code ? FRIENDLY[body.code] : undefined) ?? body.message ?? err.message ?? "Something went wrong";
  let fieldErrors: FieldErrors | undefined;
  if (body.errors) {
    fieldErrors = Object.fromEntries(Object.entries(body.errors).map(([k, v]) => [fieldMap[k] ?? k, v]));
  } else if (body.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" && fieldMap.email) {
    fieldErrors = { [fieldMap.email]: [message] };
  }
  return { message: fieldErrors ? "Please fix the highlighted fields" : message, fieldErrors, values: withoutSecrets(values) };
}
