"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { renameWorkspaceAction, type RenameState } from "./actions";

export function RenameWorkspaceForm({ name }: { name: string }) {
  const [state, action] = useActionState<RenameState, FormData>(renameWorkspaceAction, {});
  return (
    <form action={action} noValidate className="panel">
      {state.renamedTo ? (
        <div className="notice" role="status">
          Renamed to {state.renamedTo}.
        </div>
      ) : null}
      <FormMessage message={state.message} />
      <Field
        name="name"
        label="Workspace name"
        defaultValue={state.values?.name ?? name}
        errors={state.fieldErrors}
        required
        maxLength={100}
      />
      <SubmitButton>Rename workspace</SubmitButton>
    </form>
  );
}
