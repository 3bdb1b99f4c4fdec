"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import type { FormState } from "@/components/forms/form-state";
import { deleteWorkspaceAction } from "./actions";

/** Typing the exact name is the confirmation; the service compares it again. */
export function DeleteWorkspaceForm({ name }: { name: string }) {
  const [state, action] = useActionState<FormState, FormData>(deleteWorkspaceAction, {});
  return (
    <form action={action} noValidate>
      <FormMessage message={state.message} />
      <Field
        name="confirmName"
        label="Type the workspace name to confirm"
        autoComplete="off"
        defaultValue={state.values?.confirmName}
        errors={state.fieldErrors}
        hint={
          <>
            Type <strong>{name}</strong> exactly.
          </>
        }
      />
      <SubmitButton className="danger" pendingLabel="Deleting…">
        Delete workspace
      </SubmitButton>
    </form>
  );
}
