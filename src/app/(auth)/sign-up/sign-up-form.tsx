"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { PASSWORD_HINT } from "@/components/new-password-fields";
import { signUpAction } from "../actions";
import type { FormState } from "@/components/forms/form-state";

export function SignUpForm() {
  const [state, action] = useActionState<FormState, FormData>(signUpAction, {});
  const v = state.values ?? {};
  return (
    <form action={action} noValidate>
      <FormMessage message={state.message} />
      <Field name="name" label="Your name" autoComplete="name" defaultValue={v.name} errors={state.fieldErrors} required />
      <Field name="email" label="Email" type="email" autoComplete="email" defaultValue={v.email} errors={state.fieldErrors} required />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        errors={state.fieldErrors}
        hint={PASSWORD_HINT}
        required
      />
      <Field
        name="workspaceName"
        label="Workspace name"
        defaultValue={v.workspaceName}
        errors={state.fieldErrors}
        hint="Your business or team; you can add more later"
        required
      />
      <SubmitButton pendingLabel="Creating your workspace…">Create account</SubmitButton>
    </form>
  );
}
