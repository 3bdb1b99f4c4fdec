"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { signInAction } from "../actions";
import type { FormState } from "@/components/forms/form-state";

/** `next`: where to go after signing in (a relative path the action checks again). */
export function SignInForm({ next }: { next?: string }) {
  const [state, action] = useActionState<FormState, FormData>(signInAction, {});
  return (
    <form action={action} noValidate>
      <FormMessage message={state.message} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email}
        errors={state.fieldErrors}
        required
      />
      <Field name="password" label="Password" type="password" autoComplete="current-password" errors={state.fieldErrors} required />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}
