"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import QRCode from "qrcode";
import { getAuth } from "@/identity/auth";
import { formValues, type FormState } from "@/components/forms/form-state";
import { withoutSecrets } from "../auth-form-state";
import { messageUnder, signedInAction } from "../server-action";

/** A password confirmation that failed: the message goes under the password field. */
const underPassword = { reshape: messageUnder("password", "That password is not right") };

export interface ChangePasswordState extends FormState {
  changed?: boolean;
}

/** Changes the password (current one required, policy applied) and signs out every other session. */
export const changePasswordAction = signedInAction(
  async (_user, _prev: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> => {
    const values = formValues(formData);
    if ((values.newPassword ?? "") !== (values.confirmPassword ?? "")) {
      return { fieldErrors: { confirmPassword: ["The two passwords are not the same"] }, values: withoutSecrets(values) };
    }
    await getAuth().api.changePassword({
      body: { currentPassword: values.currentPassword ?? "", newPassword: values.newPassword ?? "", revokeOtherSessions: true },
      headers: await headers(),
    });
    return { changed: true };
  },
  {
    // Better Auth says INVALID_PASSWORD about the current password.
    reshape: (state) =>
      !state.fieldErrors && state.message === "That password is not right" ? { fieldErrors: { currentPassword: [state.message] } } : state,
  },
);

export interface EnrolmentState extends FormState {
  /** Shown once, right after the password was confirmed: the QR code, the URI as text, the backup codes. */
  enrolment?: { totpUri: string; qrSvg: string; secret: string; backupCodes: string[] };
  confirmed?: boolean;
}

/** Step 1: the password, then a fresh TOTP secret and backup codes (not active until a code confirms them). */
export const startTwoFactorAction = signedInAction(async (_user, _prev: EnrolmentState, formData: FormData): Promise<EnrolmentState> => {
  const values = formValues(formData);
  const result = await getAuth().api.enableTwoFactor({ body: { password: values.password ?? "" }, headers: await headers() });
  if (!("totpURI" in result) || !result.totpURI) return { message: "Could not start the set-up; try again" };
  const totpUri = result.totpURI;
  const secret = new URL(totpUri).searchParams.get("secret") ?? "";
  const qrSvg = await QRCode.toString(totpUri, { type: "svg", errorCorrectionLevel: "M", margin: 1, width: 200 });
  return { enrolment: { totpUri, qrSvg, secret, backupCodes: result.backupCodes ?? [] } };
}, underPassword);

/** Step 2: a code from the app proves it holds the secret; two-factor is on from here. */
export const confirmTwoFactorAction = signedInAction(
  async (_user, prev: EnrolmentState, formData: FormData): Promise<EnrolmentState> => {
    const code = (formValues(formData).code ?? "").replace(/\s+/g, "");
    if (!/^\d{6}$/.test(code)) return { ...prev, fieldErrors: { code: ["Enter the 6-digit code your app shows"] } };
    await getAuth().api.verifyTOTP({ body: { code }, headers: await headers() });
    revalidatePath("/", "layout");
    return { confirmed: true };
  },
  // The enrolment (QR code, backup codes) stays on screen for another try.
  { reshape: (state, [prev]) => ({ ...prev, ...messageUnder("code", "That code is not right")(state) }) },
);

export interface BackupCodesState extends FormState {
  backupCodes?: string[];
}

/** New backup codes (the old ones stop working), shown once. */
export const regenerateBackupCodesAction = signedInAction(
  async (_user, _prev: BackupCodesState, formData: FormData): Promise<BackupCodesState> => {
    const password = formValues(formData).password ?? "";
    const result = await getAuth().api.generateBackupCodes({ body: { password }, headers: await headers() });
    return { backupCodes: result.backupCodes };
  },
  underPassword,
);

/** Turns two-factor off (password required). Workspaces that require it will send the user back to set it up. */
export const disableTwoFactorAction = signedInAction(async (_user, _prev: FormState, formData: FormData): Promise<FormState> => {
  await getAuth().api.disableTwoFactor({ body: { password: formValues(formData).password ?? "" }, headers: await headers() });
  revalidatePath("/", "layout");
  return {};
}, underPassword);
