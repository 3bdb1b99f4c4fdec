"use client";

import { useActionState, type FormEvent } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { ActionNotice } from "@/components/action-notice";
import { PAYMENT_METHODS } from "@/modules/payments/payment-methods";
import { deletePaymentAction, recordPaymentAction, type InvoiceActionState } from "../actions";
import { PAYMENT_METHOD_LABELS } from "@/components/invoice-format";

/** Records a payment; the amount defaults to the balance due and the date to today. */
export function RecordPaymentForm({
  invoiceId,
  balance,
  today,
  currency,
  version,
}: {
  invoiceId: string;
  /** The invoice's updatedAt (ISO), for the notice (src/components/action-notice.tsx). */
  version: string;
  balance: string;
  today: string;
  currency: string;
}) {
  const [state, action] = useActionState<InvoiceActionState, FormData>(recordPaymentAction.bind(null, invoiceId, currency), {});
  const v = state.values ?? {};
  const e = state.fieldErrors;
  return (
    // Keyed by the balance: after a payment the form starts again from the new balance.
    <form key={balance} action={action} noValidate className="panel payment-form" aria-label="Record payment">
      <h2>Record a payment</h2>
      <ActionNotice state={state} version={version} />
      <FormMessage message={e ? undefined : state.message} />
      <div className="grid-2">
        <Field name="amount" label={`Amount (${currency})`} inputMode="decimal" defaultValue={v.amount ?? balance} errors={e} required />
        <Field name="paidOn" label="Paid on" type="date" defaultValue={v.paidOn ?? today} errors={e} required />
      </div>
      <div className="field">
        <label htmlFor="field-method">Method</label>
        <select id="field-method" name="method" defaultValue={v.method ?? "bank_transfer"}>
          {PAYMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {PAYMENT_METHOD_LABELS[m]}
            </option>
          ))}
        </select>
        {e?.method ? <p className="field-error">{e.method.join(" ")}</p> : null}
      </div>
      <Field
        name="reference"
        label="Reference"
        defaultValue={v.reference ?? ""}
        errors={e}
        maxLength={200}
        hint="Optional: bank reference, card receipt…"
      />
      <SubmitButton pendingLabel="Recording…">Record payment</SubmitButton>
    </form>
  );
}

export function DeletePaymentButton({ invoiceId, paymentId, description }: { invoiceId: string; paymentId: string; description: string }) {
  const [state, action] = useActionState<InvoiceActionState, FormData>(deletePaymentAction.bind(null, invoiceId, paymentId), {});
  const confirmDelete = (e: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(`Delete the payment of ${description}? The balance due goes up again.`)) e.preventDefault();
  };
  return (
    <form action={action} onSubmit={confirmDelete}>
      <SubmitButton className="danger" pendingLabel="Deleting…">
        Delete
      </SubmitButton>
      <ActionMessage state={state} />
    </form>
  );
}
