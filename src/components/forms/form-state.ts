import { notFound } from "next/navigation";
import { toAppError, type FieldErrors } from "@/platform/errors";

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
