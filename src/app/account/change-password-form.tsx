"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { NewPasswordFields } from "@/components/new-password-fields";
import { changePasswordAction, type ChangePasswordState } from "./actions";

export function ChangePasswordForm() {
  const [state, action] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  return (
    <form action={action} noValidate className="panel">
      {state.changed ? (
        <div className="notice" role="status">
          Password changed. Your other sessions were signed out.
        </div>
      ) : null}
      <FormMessage message={state.message} />
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        errors={state.fieldErrors}
        required
      />
      <NewPasswordFields name="newPassword" errors={state.fieldErrors} />
      <SubmitButton>Change password</SubmitButton>
    </form>
  );
}
