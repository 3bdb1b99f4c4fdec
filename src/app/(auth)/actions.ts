"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { APIError } from "better-auth";
import { getAuth } from "@/server/auth/auth";
import { sessionUserFromHeaders, type SessionUser } from "@/server/auth/session-user";
import { clientIp } from "@/server/rate-limit";
import { fieldErrorsFromZod, type FieldErrors } from "@/server/errors";
import { signInInput, signUpInput, signUpWithInvitationInput } from "@/modules/workspaces/workspaces.schemas";
import { acceptInvitation } from "@/modules/invitations/invitations.service";
import { formStateFromError, formValues, type FormState } from "../form-state";
import { publicAction } from "../server-action";
import { safeNextPath } from "./next-path";

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

/**
 * The session a sign-up just created. Its cookie goes out with this response and can't be read back
 * from this request, so the session is looked up with the Set-Cookie values Better Auth returned.
 */
async function sessionFromSetCookie(responseHeaders: Headers): Promise<SessionUser> {
  const cookie = responseHeaders
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const user = await sessionUserFromHeaders(new Headers({ cookie }));
  if (!user) throw new Error("Sign-up returned no session");
  return user;
}

/** Sign-up from an invitation link: the account has no workspace of its own; accepting the invitation brings one. */
async function signUpFromInvitation(values: Record<string, string>): Promise<FormState> {
  const parsed = signUpWithInvitationInput.safeParse(values);
  if (!parsed.success) {
    return { message: "Please fix the highlighted fields", fieldErrors: fieldErrorsFromZod(parsed.error), values: withoutPassword(values) };
  }
  const requestHeaders = await headers();
  let user: SessionUser;
  try {
    const result = await getAuth().api.signUpEmail({ body: parsed.data, headers: requestHeaders, returnHeaders: true });
    user = await sessionFromSetCookie(result.headers);
  } catch (err) {
    return stateFromAuthError(err, values, true);
  }
  try {
    await acceptInvitation(user, parsed.data.invitationToken, { ip: clientIp(requestHeaders) });
  } catch (err) {
    const state = formStateFromError(err, withoutPassword(values));
    return { ...state, message: `Your account was created, but the invitation could not be accepted: ${state.message ?? "unknown error"}` };
  }
  redirect("/dashboard");
}

export const signUpAction = publicAction(async (_prev: FormState, formData: FormData): Promise<FormState> => {
  const values = formValues(formData);
  if (values.invitationToken !== undefined) return signUpFromInvitation(values);
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
});

export const signInAction = publicAction(async (_prev: FormState, formData: FormData): Promise<FormState> => {
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
  redirect(safeNextPath(values.next) ?? "/dashboard");
});

/** Signs out; a safe relative `next` field (e.g. back to an invitation) is followed, otherwise to sign-in. */
export const signOutAction = publicAction(async (formData: FormData): Promise<void> => {
  await getAuth().api.signOut({ headers: await headers() });
  const next = formData.get("next");
  redirect(safeNextPath(typeof next === "string" ? next : undefined) ?? "/sign-in");
});
