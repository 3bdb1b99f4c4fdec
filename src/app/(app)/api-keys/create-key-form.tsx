"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { CopyableLink } from "@/components/copyable-link";
import { createApiKeyAction, type CreateKeyState } from "./actions";

export function CreateKeyForm({ roles }: { roles: string[] }) {
  const [state, action] = useActionState<CreateKeyState, FormData>(createApiKeyAction, {});
  return (
    <div className="panel">
      {state.secret ? (
        <div className="notice" role="status">
          <p>
            <strong>Key “{state.name}” created.</strong> Copy it now: it is shown only this once, and only its hash is stored.
          </p>
          <CopyableLink link={state.secret} label="New API key" />
        </div>
      ) : null}
      <form action={action} noValidate>
        <FormMessage message={state.fieldErrors ? undefined : state.message} />
        <div className="grid-2">
          <Field
            name="name"
            label="Key name"
            placeholder="e.g. Accounting sync"
            defaultValue={state.secret ? "" : state.values?.name}
            errors={state.fieldErrors}
            required
          />
          <SelectField
            name="role"
            label="Acts as role"
            options={roles}
            defaultValue={state.values?.role ?? "member"}
            errors={state.fieldErrors}
            hint="Never above your own"
          />
          <Field
            name="expiresOn"
            label="Expires on (optional)"
            type="date"
            defaultValue={state.values?.expiresOn}
            errors={state.fieldErrors}
            hint="Leave empty for a key that does not expire"
          />
        </div>
        <SubmitButton pendingLabel="Creating…">Create API key</SubmitButton>
      </form>
    </div>
  );
}
