"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import type { Role } from "@/platform/permissions";
import { inviteMemberAction, type SentInvitationState } from "./actions";
import { InvitationSent } from "./invitation-sent";

/** `roles`: the roles this user may hand out (none above their own). */
export function InviteForm({ roles }: { roles: readonly Role[] }) {
  const [state, action] = useActionState<SentInvitationState, FormData>(inviteMemberAction, {});
  const v = state.values ?? {};
  return (
    <form action={action} noValidate className="panel">
      {state.sent ? <InvitationSent sent={state.sent} /> : null}
      <FormMessage message={state.message} />
      <div className="grid-2">
        <Field
          name="email"
          label="Email"
          type="email"
          autoComplete="off"
          defaultValue={v.email}
          errors={state.fieldErrors}
          required
          maxLength={254}
        />
        <SelectField name="role" label="Role" options={roles} defaultValue={v.role ?? "member"} errors={state.fieldErrors} />
      </div>
      <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
    </form>
  );
}
