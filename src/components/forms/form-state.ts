import { notFound } from "next/navigation";
import { AppError, toAppError, type FieldErrors } from "@/platform/errors";

/** What a form's server action hands back to the form: a message, field errors, and the values to refill. */
export interface FormState {
  message?: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
}

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

/**
 * Turns an expected error into form state — an AppError, or a PostgreSQL error the one mapping in
 * src/platform/errors.ts understands (a taken name, a value out of range, a busy database); a foreign
 * or missing resource is a 404 page; the rest is a bug.
 */
export function formStateFromError(err: unknown, values?: Record<string, string>): FormState {
  const appError = toAppError(err);
  if (appError) {
    if (appError.code === "not_found") notFound();
    return { message: appError.message, fieldErrors: appError.fieldErrors, values };
  }
  throw err;
}

/**
 * Runs `work`; an error it throws with field errors under a service's field names (`expiresAt`) is
 * thrown again with them under the form's (`expiresOn`), so the message shows next to the field the
 * person filled in rather than nowhere.
 */
export async function withFieldsRenamed<T>(names: Record<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const appError = toAppError(err);
    if (!appError?.fieldErrors) throw err;
    const renamed: FieldErrors = {};
    for (const [field, messages] of Object.entries(appError.fieldErrors)) (renamed[names[field] ?? field] ??= []).push(...messages);
    throw new AppError(appError.code, appError.message, renamed, { retryAfterSeconds: appError.retryAfterSeconds, cause: err });
  }
}
