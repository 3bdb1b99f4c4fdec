"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { requestPasswordResetAction, type ForgotPasswordState } from "../actions";

export function ForgotPasswordForm() {
  const [state, action] = useActionState<ForgotPasswordState, FormData>(requestPasswordResetAction, {});
  if (state.sent) {
    return (
      <div className="notice" role="status">
        {state.sent}
      </div>
    );
  }
  return (
    <form action={action} noValidate>
      <FormMessage message={state.message} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email}
        errors={state.fieldErrors}
        required
      />
      <SubmitButton pendingLabel="Sending…">Send reset link</SubmitButton>
    </form>
  );
}
