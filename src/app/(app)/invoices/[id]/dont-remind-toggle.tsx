"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { setInvoiceRemindersPausedAction, type ReminderState } from "../../reminders/actions";

export function DontRemindToggle({ invoiceId, paused }: { invoiceId: string; paused: boolean }) {
  const [state, action] = useActionState<ReminderState, FormData>(setInvoiceRemindersPausedAction.bind(null, invoiceId, !paused), {});
  return (
    <form action={action} aria-label="Don't remind">
      <ActionMessage state={state} />
      <SubmitButton pendingLabel="Saving…">{paused ? "Send reminders for this invoice" : "Don't remind"}</SubmitButton>
    </form>
  );
}
