"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { createWorkspaceAction } from "./actions";
import type { FormState } from "@/components/forms/form-state";

export function CreateWorkspaceForm() {
  const [state, action] = useActionState<FormState, FormData>(createWorkspaceAction, {});
  return (
    <form action={action} noValidate>
      <FormMessage message={state.fieldErrors ? undefined : state.message} />
      <Field name="name" label="Workspace name" defaultValue={state.values?.name} errors={state.fieldErrors} required autoFocus />
      <SubmitButton pendingLabel="Creating…">Create workspace</SubmitButton>
    </form>
  );
}
