"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { verifySecondFactorAction } from "../../actions";
import type { FormState } from "@/components/forms/form-state";

export function SecondFactorForm({ next, method }: { next?: string; method: "totp" | "backup" }) {
  const [state, action] = useActionState<FormState, FormData>(verifySecondFactorAction, {});
  const backup = method === "backup";
  return (
    <form action={action} noValidate aria-label={backup ? "Backup code" : "Authenticator code"}>
      <FormMessage message={state.message} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <input type="hidden" name="method" value={method} />
      <Field
        name="code"
        label={backup ? "Backup code" : "Authentication code"}
        autoComplete="one-time-code"
        inputMode={backup ? "text" : "numeric"}
        errors={state.fieldErrors}
        required
        autoFocus={!backup}
      />
      <SubmitButton pendingLabel="Checking…">{backup ? "Sign in with backup code" : "Verify"}</SubmitButton>
    </form>
  );
}
