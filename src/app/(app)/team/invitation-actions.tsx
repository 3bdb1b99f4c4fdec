"use client";

import { useActionState, type FormEvent } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import type { FormState } from "@/components/forms/form-state";
import { resendInvitationAction, revokeInvitationAction, type SentInvitationState } from "./actions";
import { InvitationSent } from "./invitation-sent";

/** Resend (one click, also for an expired invitation: new link, fresh 7 days) and Revoke (confirmed). */
export function InvitationActions({ id, email }: { id: string; email: string }) {
  const [resendState, resendAction] = useActionState<SentInvitationState, FormData>(resendInvitationAction.bind(null, id, email), {});
  const [revokeState, revokeAction] = useActionState<FormState, FormData>(revokeInvitationAction.bind(null, id), {});
  const confirmRevoke = (e: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(`Revoke the invitation for ${email}? Its link stops working.`)) e.preventDefault();
  };
  return (
    <div>
      <div className="row">
        <form action={resendAction}>
          <SubmitButton className="secondary" pendingLabel="Sending…">
            Resend
          </SubmitButton>
        </form>
        <form action={revokeAction} onSubmit={confirmRevoke}>
          <SubmitButton className="danger" pendingLabel="Revoking…">
            Revoke
          </SubmitButton>
        </form>
      </div>
      {resendState.sent ? <InvitationSent sent={resendState.sent} /> : null}
      <ActionMessage state={resendState} />
      <ActionMessage state={revokeState} />
    </div>
  );
}
