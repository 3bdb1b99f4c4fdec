"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { resendInvoiceEmailAction, type InvoiceActionState } from "../actions";

/** One click: the same message again, as a new delivery. */
export function ResendButton({ invoiceId, deliveryId }: { invoiceId: string; deliveryId: string }) {
  const [state, resend] = useActionState<InvoiceActionState, FormData>(resendInvoiceEmailAction.bind(null, invoiceId, deliveryId), {});
  return (
    <form action={resend}>
      <SubmitButton className="secondary" pendingLabel="Queuing…">
        Resend
      </SubmitButton>
      <ActionMessage state={state} />
      {state.notice ? <span className="hint">{state.notice}</span> : null}
    </form>
  );
}
