"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authAttemptsPerMinute, getAuth } from "@/identity/auth";
import { sessionUserFromHeaders, type SessionUser } from "@/identity/session-user";
import { clientIp } from "@/platform/rate-limit";
import { fieldErrorsFromZod } from "@/platform/errors";
import { consumeRateLimit } from "@/platform/rate-limit";
import { appUrl } from "@/platform/config";
import { signInInput } from "@/modules/workspaces/sign-up.schemas";
import { acceptInvitation } from "@/modules/invitations/invitations.service";
import { formStateFromError, formValues, type FormState } from "@/components/forms/form-state";
import { withoutSecrets } from "../auth-form-state";
import { messageUnder, publicAction, signedInAction } from "../server-action";
import { safeNextPath } from "./next-path";

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

/** The form's sign-up fields as Better Auth's body; its before hook parses them (src/identity/auth.ts), once. */
function signUpBody(values: Record<string, string>, extra: "workspaceName" | "invitationToken") {
  return {
    name: values.name ?? "",
    email: values.email ?? "",
    password: values.password ?? "",
    [extra]: values[extra] ?? "",
    callbackURL: "/email-verified",
  };
}

/** Sign-up from an invitation link: the account has no workspace of its own; accepting the invitation brings one. */
async function signUpFromInvitation(values: Record<string, string>): Promise<FormState> {
  const requestHeaders = await headers();
  const result = await getAuth().api.signUpEmail({
    body: signUpBody(values, "invitationToken"),
    headers: requestHeaders,
    returnHeaders: true,
  });
  const user = await sessionFromSetCookie(result.headers);
  // The account exists by now: a failure here is reported as such, not as a failed sign-up.
  try {
    await acceptInvitation(user, values.invitationToken ?? "", { ip: clientIp(requestHeaders) });
  } catch (err) {
    const state = formStateFromError(err, withoutSecrets(values));
    return { ...state, message: `Your account was created, but the invitation could not be accepted: ${state.message ?? "unknown error"}` };
  }
  redirect("/dashboard");
}

export const signUpAction = publicAction(
  async (_prev: FormState, formData: FormData): Promise<FormState> => {
    const values = formValues(formData);
    if (values.invitationToken !== undefined) return signUpFromInvitation(values);
    await getAuth().api.signUpEmail({ body: signUpBody(values, "workspaceName"), headers: await headers() });
    redirect("/dashboard");
  },
  { fields: { email: "email", password: "password", name: "name", workspaceName: "workspaceName" } },
);

export const signInAction = publicAction(async (_prev: FormState, formData: FormData): Promise<FormState> => {
  const values = formValues(formData);
  const parsed = signInInput.safeParse(values);
  if (!parsed.success) {
    return { message: "Please fix the highlighted fields", fieldErrors: fieldErrorsFromZod(parsed.error), values: withoutSecrets(values) };
  }
  const requestHeaders = await headers();
  await consumeAuthAttempt("sign-in", requestHeaders);
  const result: unknown = await getAuth().api.signInEmail({ body: parsed.data, headers: requestHeaders });
  const next = safeNextPath(values.next);
  // Two-factor accounts get no session yet: a short-lived signed cookie carries them to the second step.
  if (result && typeof result === "object" && "twoFactorRedirect" in result && result.twoFactorRedirect === true) {
    redirect(`/sign-in/two-factor${next ? `?${new URLSearchParams({ next }).toString()}` : ""}`);
  }
  redirect(next ?? "/dashboard");
});

/** The second sign-in step: a code from the authenticator app, or one of the backup codes. */
export const verifySecondFactorAction = publicAction(
  async (_prev: FormState, formData: FormData): Promise<FormState> => {
    const values = formValues(formData);
    const code = (values.code ?? "").replace(/\s+/g, "");
    const useBackup = values.method === "backup";
    if (!code)
      return {
        fieldErrors: { code: [useBackup ? "Enter one of your backup codes" : "Enter the 6-digit code from your app"] },
        values: withoutSecrets(values),
      };
    const requestHeaders = await headers();
    await consumeAuthAttempt("second-factor", requestHeaders);
    if (useBackup) await getAuth().api.verifyBackupCode({ body: { code }, headers: requestHeaders });
    else await getAuth().api.verifyTOTP({ body: { code }, headers: requestHeaders });
    redirect(safeNextPath(values.next) ?? "/dashboard");
  },
  { reshape: (state) => ({ ...state, ...messageUnder("code", "That code is not right")(state), message: undefined }) },
);

const GENERIC_RESET_ANSWER =
  "If an account exists for that address, we sent it a link to choose a new password. The link works for one hour.";

export interface ForgotPasswordState extends FormState {
  sent?: string;
}

/** Always the same answer whether or not the address has an account. */
export const requestPasswordResetAction = publicAction(
  async (_prev: ForgotPasswordState, formData: FormData): Promise<ForgotPasswordState> => {
    const values = formValues(formData);
    const email = (values.email ?? "").trim();
    const parsed = signInInput.shape.email.safeParse(email);
    if (!parsed.success) return { fieldErrors: { email: ["Enter a valid email address"] }, values };
    const requestHeaders = await headers();
    await consumeRateLimit(`forgot-password:ip:${clientIp(requestHeaders)}`, 10, 60_000);
    await getAuth().api.requestPasswordReset({
      body: { email: parsed.data, redirectTo: `${appUrl()}/reset-password` },
      headers: requestHeaders,
    });
    return { sent: GENERIC_RESET_ANSWER };
  },
);

/** Sets the new password with the token from the emailed link; every session of the account ends. */
export const resetPasswordAction = publicAction(
  async (_prev: FormState, formData: FormData): Promise<FormState> => {
    const values = formValues(formData);
    const token = values.token ?? "";
    const password = values.password ?? "";
    if (password !== (values.confirmPassword ?? "")) {
      return { fieldErrors: { confirmPassword: ["The two passwords are not the same"] }, values: withoutSecrets(values) };
    }
    await getAuth().api.resetPassword({ body: { token, newPassword: password }, headers: await headers() });
    redirect("/sign-in?reset=1");
  },
  { fields: { newPassword: "password" } },
);

export interface ResendState extends FormState {
  sent?: boolean;
}

/** Sends a new verification link to the signed-in user's own address. */
export const resendVerificationAction = signedInAction(async (user, _prev: ResendState, formData: FormData): Promise<ResendState> => {
  if (user.emailVerified) return { message: "Your email address is verified already" };
  const back = safeNextPath(typeof formData.get("next") === "string" ? String(formData.get("next")) : undefined) ?? "/email-verified";
  await consumeRateLimit(`resend-verification:user:${user.userId}`, 5, 60 * 60_000);
  await getAuth().api.sendVerificationEmail({ body: { email: user.email, callbackURL: back }, headers: await headers() });
  return { sent: true };
});

/** Signs out; a safe relative `next` field (e.g. back to an invitation) is followed, otherwise to sign-in. */
export const signOutAction = publicAction(async (formData: FormData): Promise<void> => {
  await getAuth().api.signOut({ headers: await headers() });
  const next = formData.get("next");
  redirect(safeNextPath(typeof next === "string" ? next : undefined) ?? "/sign-in");
});

/*
 * The forms call Better Auth in-process, where its per-address limiter (HTTP only) does not run: the
 * same budget is applied here, so guessing passwords or codes through the pages is no cheaper. Over
 * budget, the AppError it throws becomes the form's message (the wrappers' one error mapping).
 */
async function consumeAuthAttempt(kind: string, requestHeaders: Headers): Promise<void> {
  await consumeRateLimit(`${kind}:ip:${clientIp(requestHeaders)}`, authAttemptsPerMinute(), 60_000);
}
