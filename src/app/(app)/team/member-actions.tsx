"use client";

import { useActionState, type FormEvent } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import type { Role } from "@/platform/permissions";
import type { FormState } from "@/components/forms/form-state";
import { changeMemberRoleAction, leaveWorkspaceAction, removeMemberAction } from "./actions";

function confirmOrCancel(question: string) {
  return (e: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(question)) e.preventDefault();
  };
}

interface MemberActionsProps {
  member: { userId: string; name: string; role: string };
  workspaceName: string;
  isSelf: boolean;
  /** Roles this user may set for this member; empty when they may not change it. */
  assignableRoles: readonly Role[];
  canRemove: boolean;
  /** False for the last owner, who must hand ownership on first. */
  canLeave: boolean;
}

/** The per-row controls of the members table; each is its own form with its own error message. */
export function MemberActions({ member, workspaceName, isSelf, assignableRoles, canRemove, canLeave }: MemberActionsProps) {
  const [roleState, roleAction] = useActionState<FormState, FormData>(changeMemberRoleAction.bind(null, member.userId), {});
  const [removeState, removeAction] = useActionState<FormState, FormData>(removeMemberAction.bind(null, member.userId), {});
  const [leaveState, leaveAction] = useActionState<FormState, FormData>(leaveWorkspaceAction, {});
  return (
    <div>
      <div className="row">
        {assignableRoles.length > 0 ? (
          <form action={roleAction}>
            <select key={member.role} name="role" defaultValue={member.role} aria-label={`Role for ${member.name}`}>
              {assignableRoles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <SubmitButton className="secondary">Change role</SubmitButton>
          </form>
        ) : null}
        {canRemove ? (
          <form action={removeAction} onSubmit={confirmOrCancel(`Remove ${member.name} from ${workspaceName}? They lose access at once.`)}>
            <SubmitButton className="danger" pendingLabel="Removing…">
              Remove
            </SubmitButton>
          </form>
        ) : null}
        {isSelf && !canLeave ? <span className="hint">The last owner can leave after transferring ownership.</span> : null}
        {isSelf && canLeave ? (
          <form
            action={leaveAction}
            onSubmit={confirmOrCancel(
              `Leave ${workspaceName}? You lose access to its clients and invoices until someone invites you again.`,
            )}
          >
            <SubmitButton className="danger" pendingLabel="Leaving…">
              Leave workspace
            </SubmitButton>
          </form>
        ) : null}
      </div>
      <ActionMessage state={roleState} />
      <ActionMessage state={removeState} />
      <ActionMessage state={leaveState} />
    </div>
  );
}
