"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { PASSWORD_HINT } from "@/components/new-password-fields";
import { signUpAction } from "../../actions";
import type { FormState } from "@/components/forms/form-state";

/** Sign-up for the invited email: no workspace of one's own; the hidden token makes the action accept the invitation. */
export function InviteSignUpForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState<FormState, FormData>(signUpAction, {});
  const v = state.values ?? {};
  return (
    <form action={action} noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="invitationToken" value={token} />
      <Field name="name" label="Your name" autoComplete="name" defaultValue={v.name} errors={state.fieldErrors} required />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={email}
        readOnly
        errors={state.fieldErrors}
        hint="The invitation is for this address"
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        errors={state.fieldErrors}
        hint={PASSWORD_HINT}
        required
      />
      <SubmitButton pendingLabel="Creating your account…">Create account and join</SubmitButton>
    </form>
  );
}
