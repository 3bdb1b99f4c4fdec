"use client";

import { useActionState } from "react";
import Link from "next/link";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { resetPasswordAction } from "../actions";
import type { FormState } from "@/components/forms/form-state";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState<FormState, FormData>(resetPasswordAction, {});
  return (
    <form action={action} noValidate>
      <FormMessage message={state.message} />
      {state.message && !state.fieldErrors ? (
        <p>
          <Link href="/forgot-password">Send a new link</Link>
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        errors={state.fieldErrors}
        hint="At least 8 characters and hard to guess: a few unrelated words work well"
        required
      />
      <Field
        name="confirmPassword"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        errors={state.fieldErrors}
        required
      />
      <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
      <p className="hint">Setting a new password signs you out on every device.</p>
    </form>
  );
}
