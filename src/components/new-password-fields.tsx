import { Field } from "@/components/field";
import type { FieldErrors } from "@/platform/errors";

/** What every form that sets a password says about a good one (sign-up, invitation, reset, change). */
export const PASSWORD_HINT = "At least 8 characters and hard to guess: a few unrelated words work well";

/** The new password and its repetition, as the reset and change-password forms ask for them. */
export function NewPasswordFields({ name, errors }: { name: string; errors: FieldErrors | undefined }) {
  return (
    <>
      <Field name={name} label="New password" type="password" autoComplete="new-password" errors={errors} hint={PASSWORD_HINT} required />
      <Field name="confirmPassword" label="Repeat the new password" type="password" autoComplete="new-password" errors={errors} required />
    </>
  );
}
