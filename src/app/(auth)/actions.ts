"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { APIError } from "better-auth";
import { getAuth } from "@/server/auth/auth";
import { fieldErrorsFromZod, type FieldErrors } from "@/server/errors";
import { signInInput, signUpInput } from "@/modules/workspaces/workspaces.schemas";
import { formValues, type FormState } from "../form-state";

function withoutPassword(values: Record<string, string>): Record<string, string> {
  const { password: _password, ...rest } = values;
  return rest;
}

function stateFromAuthError(err: unknown, values: Record<string, string>, emailField = false): FormState {
  if (!(err instanceof APIError)) throw err;
  const body = (err.body ?? {}) as { message?: string; errors?: FieldErrors; code?: string };
  const message = body.message ?? err.message ?? "Something went wrong";
  const fieldErrors = body.errors ?? (emailField && body.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" ? { email: [message] } : undefined);
  return { message: fieldErrors ? "Please fix the highlighted fields" : message, fieldErrors, values: withoutPassword(values) };
}

export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = signUpInput.safeParse(values);
  if (!parsed.success) {
    return { message: "Please fix the highlighted fields", fieldErrors: fieldErrorsFromZod(parsed.error), values: withoutPassword(values) };
  }
  try {
    await getAuth().api.signUpEmail({ body: parsed.data, headers: await headers() });
  } catch (err) {
    return stateFromAuthError(err, values, true);
  }
  redirect("/dashboard");
}

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = signInInput.safeParse(values);
  if (!parsed.success) {
    return { message: "Please fix the highlighted fields", fieldErrors: fieldErrorsFromZod(parsed.error), values: withoutPassword(values) };
  }
  try {
    await getAuth().api.signInEmail({ body: parsed.data, headers: await headers() });
  } catch (err) {
    return stateFromAuthError(err, values);
  }
  redirect("/dashboard");
}

export async function signOutAction(): Promise<void> {
  await getAuth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
