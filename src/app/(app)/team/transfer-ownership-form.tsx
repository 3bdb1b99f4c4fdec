"use client";

import { useActionState, type FormEvent } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import type { FormState } from "@/components/forms/form-state";
import { transferOwnershipAction } from "./actions";

/** Owners hand the workspace to an existing member; they become its owner, the current owner an admin. */
export function TransferOwnershipForm({ candidates }: { candidates: { userId: string; name: string; email: string }[] }) {
  const [state, action] = useActionState<FormState, FormData>(transferOwnershipAction, {});
  const confirmTransfer = (e: FormEvent<HTMLFormElement>) => {
    const select = e.currentTarget.elements.namedItem("userId");
    const name = select instanceof HTMLSelectElement ? (select.selectedOptions[0]?.text ?? "this member") : "this member";
    if (!window.confirm(`Make ${name} the owner of this workspace? You will become an admin.`)) e.preventDefault();
  };
  return (
    <form action={action} onSubmit={confirmTransfer} noValidate className="panel">
      <ActionMessage state={state} />
      <div className="field">
        <label htmlFor="field-userId">New owner</label>
        <select id="field-userId" name="userId" defaultValue={state.values?.userId ?? candidates[0]?.userId}>
          {candidates.map((c) => (
            <option key={c.userId} value={c.userId}>
              {c.name} ({c.email})
            </option>
          ))}
        </select>
        <span className="hint">They become an owner; you stay in the workspace as an admin.</span>
      </div>
      <SubmitButton className="danger" pendingLabel="Transferring…">
        Transfer ownership
      </SubmitButton>
    </form>
  );
}
