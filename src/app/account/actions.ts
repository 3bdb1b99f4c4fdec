"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import QRCode from "qrcode";
import { getAuth } from "@/identity/auth";
import { formValues, type FormState } from "@/components/forms/form-state";
import { stateFromAuthError, withoutSecrets } from "../auth-form-state";
import { signedInAction } from "../server-action";

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
    try {
      await getAuth().api.changePassword({
        body: { currentPassword: values.currentPassword ?? "", newPassword: values.newPassword ?? "", revokeOtherSessions: true },
        headers: await headers(),
      });
    } catch (err) {
      const state = stateFromAuthError(err, values);
      // Better Auth says INVALID_PASSWORD about the current password.
      if (!state.fieldErrors && state.message === "That password is not right")
        return { fieldErrors: { currentPassword: [state.message] } };
      return state;
    }
    return { changed: true };
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
  let result;
  try {
    result = await getAuth().api.enableTwoFactor({ body: { password: values.password ?? "" }, headers: await headers() });
  } catch (err) {
    const state = stateFromAuthError(err, values);
    return { fieldErrors: { password: [state.message ?? "That password is not right"] } };
  }
  if (!("totpURI" in result) || !result.totpURI) return { message: "Could not start the set-up; try again" };
  const totpUri = result.totpURI;
  const secret = new URL(totpUri).searchParams.get("secret") ?? "";
  const qrSvg = await QRCode.toString(totpUri, { type: "svg", errorCorrectionLevel: "M", margin: 1, width: 200 });
  return { enrolment: { totpUri, qrSvg, secret, backupCodes: result.backupCodes ?? [] } };
});

/** Step 2: a code from the app proves it holds the secret; two-factor is on from here. */
export const confirmTwoFactorAction = signedInAction(async (_user, prev: EnrolmentState, formData: FormData): Promise<EnrolmentState> => {
  const values = formValues(formData);
  const code = (values.code ?? "").replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code)) return { ...prev, fieldErrors: { code: ["Enter the 6-digit code your app shows"] } };
  try {
    await getAuth().api.verifyTOTP({ body: { code }, headers: await headers() });
  } catch (err) {
    const state = stateFromAuthError(err, values);
    return { ...prev, fieldErrors: { code: [state.message ?? "That code is not right"] } };
  }
  revalidatePath("/", "layout");
  return { confirmed: true };
});

export interface BackupCodesState extends FormState {
  backupCodes?: string[];
}

/** New backup codes (the old ones stop working), shown once. */
export const regenerateBackupCodesAction = signedInAction(
  async (_user, _prev: BackupCodesState, formData: FormData): Promise<BackupCodesState> => {
    const values = formValues(formData);
    try {
      const result = await getAuth().api.generateBackupCodes({ body: { password: values.password ?? "" }, headers: await headers() });
      return { backupCodes: result.backupCodes };
    } catch (err) {
      const state = stateFromAuthError(err, values);
      return { fieldErrors: { password: [state.message ?? "That password is not right"] } };
    }
  },
);

/** Turns two-factor off (password required). Workspaces that require it will send the user back to set it up. */
export const disableTwoFactorAction = signedInAction(async (_user, _prev: FormState, formData: FormData): Promise<FormState> => {
  const values = formValues(formData);
  try {
    await getAuth().api.disableTwoFactor({ body: { password: values.password ?? "" }, headers: await headers() });
  } catch (err) {
    const state = stateFromAuthError(err, values);
    return { fieldErrors: { password: [state.message ?? "That password is not right"] } };
  }
  revalidatePath("/", "layout");
  return {};
});
