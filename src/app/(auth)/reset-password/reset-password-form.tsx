"use client";

import { useActionState } from "react";
import Link from "next/link";
import { FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { NewPasswordFields } from "@/components/new-password-fields";
import { resetPasswordAction } from "../actions";
import type { FormState } from "@/components/forms/form-state";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState<FormState, FormData>(resetPasswordAction, {});
  return (
    <form action={action} noValidate>
      <FormMessage message={state.message} />
      {state.message && !state.fieldErrors ? (
        <p>
          <Link href="/forgot-password">Send a new link</Link>
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <NewPasswordFields name="password" errors={state.fieldErrors} />
      <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
      <p className="hint">Setting a new password signs you out on every device.</p>
    </form>
  );
}
