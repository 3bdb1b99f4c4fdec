"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { resendVerificationAction } from "@/app/(auth)/actions";
import type { FormState } from "@/components/forms/form-state";

/** "Resend verification email" for the signed-in user; `next`: the page of ours the new link returns to. */
export function ResendVerification({ email, next }: { email: string; next?: string }) {
  const [state, action] = useActionState<FormState & { sent?: boolean }, FormData>(resendVerificationAction, {});
  return (
    <form action={action} className="row">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {state.sent ? (
        <span role="status">A new link is on its way to {email}. It works for one hour.</span>
      ) : (
        <SubmitButton className="secondary" pendingLabel="Sending…">
          Resend verification email
        </SubmitButton>
      )}
      <ActionMessage state={state} />
    </form>
  );
}
