"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { switchWorkspaceAction } from "@/app/workspaces/actions";
import { acceptInvitationAction, type AcceptState } from "./actions";

export function AcceptInvitationForm({ token, workspaceName }: { token: string; workspaceName: string }) {
  const [state, action] = useActionState<AcceptState, FormData>(acceptInvitationAction.bind(null, token), {});
  if (state.alreadyMemberOf) {
    return (
      <div className="notice" role="status">
        <p>You are already a member of {workspaceName}.</p>
        <form action={switchWorkspaceAction}>
          <input type="hidden" name="workspaceId" value={state.alreadyMemberOf} />
          <button type="submit">Open {workspaceName}</button>
        </form>
      </div>
    );
  }
  return (
    <form action={action}>
      <ActionMessage state={state} />
      <SubmitButton pendingLabel="Joining…">Accept invitation</SubmitButton>
    </form>
  );
}
