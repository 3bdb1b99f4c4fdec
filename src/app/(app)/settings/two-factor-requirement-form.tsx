"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { setTwoFactorRequirementAction, type TwoFactorRequirementState } from "./actions";

/** Owners: "require two-factor authentication for members of this workspace". */
export function TwoFactorRequirementForm({ required }: { required: boolean }) {
  const [state, action] = useActionState<TwoFactorRequirementState, FormData>(setTwoFactorRequirementAction, {});
  const current = state.required ?? required;
  return (
    <form action={action} className="panel" aria-label="Two-factor requirement">
      <p data-testid="two-factor-requirement">
        {current
          ? "Members must use two-factor authentication: anyone without it is sent to set it up before they can open this workspace."
          : "Members may sign in with a password alone."}{" "}
        <span className="hint">API keys are not affected.</span>
      </p>
      <input type="hidden" name="required" value={current ? "false" : "true"} />
      <SubmitButton className={current ? "danger" : undefined}>
        {current ? "Stop requiring two-factor authentication" : "Require two-factor authentication for members"}
      </SubmitButton>
      <ActionMessage state={state} />
    </form>
  );
}
