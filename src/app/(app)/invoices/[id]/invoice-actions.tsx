"use client";

import { useActionState, type FormEvent } from "react";
import Link from "next/link";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { ActionNotice } from "@/components/action-notice";
import type { InvoiceAction } from "@/modules/invoices/invoice-lifecycle";
import type { InvoiceEmailDraft } from "@/modules/invoices/invoice-email.schemas";
import { SendDialog } from "./send-dialog";
import { deleteInvoiceAction, duplicateInvoiceAction, sendInvoiceAction, voidInvoiceAction, type InvoiceActionState } from "../actions";

function confirmOrCancel(question: string) {
  return (e: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(question)) e.preventDefault();
  };
}

/**
 * The invoice's buttons: only what its status allows (`allowedActions`, from the lifecycle) and the
 * role may do. The services check both again.
 */
export function InvoiceActions({
  id,
  label,
  allowed,
  canSend,
  canVoid,
  emailDraft,
  emailable,
  version,
}: {
  id: string;
  /** What the send dialog starts with. */
  emailDraft: InvoiceEmailDraft;
  /** Sent, overdue or paid: it can be emailed again. */
  emailable: boolean;
  /** The invoice's updatedAt (ISO): a notice shows only while the invoice is as its action left it. */
  version: string;
  /** "INV-0001" or "this draft", for the confirmations. */
  label: string;
  allowed: InvoiceAction[];
  canSend: boolean;
  canVoid: boolean;
}) {
  const [sendState, send] = useActionState<InvoiceActionState, FormData>(sendInvoiceAction.bind(null, id), {});
  const [voidState, voidIt] = useActionState<InvoiceActionState, FormData>(voidInvoiceAction.bind(null, id), {});
  const [duplicateState, duplicate] = useActionState<InvoiceActionState, FormData>(duplicateInvoiceAction.bind(null, id), {});
  const [deleteState, remove] = useActionState<InvoiceActionState, FormData>(deleteInvoiceAction.bind(null, id), {});
  const has = (a: InvoiceAction) => allowed.includes(a);
  return (
    <div>
      <div className="inv-actions">
        {has("edit") ? (
          <Link href={`/invoices/${id}/edit`} className="button secondary">
            Edit
          </Link>
        ) : null}
        {has("send") && canSend ? (
          <>
            <SendDialog id={id} draft={emailDraft} label={label} isDraft />
            <form action={send}>
              <SubmitButton className="secondary" pendingLabel="Marking…">
                Mark as sent without emailing
              </SubmitButton>
            </form>
          </>
        ) : null}
        {emailable && canSend ? <SendDialog id={id} draft={emailDraft} label={label} isDraft={false} /> : null}
        <a href={`/invoices/${id}/pdf`} className="button secondary" download>
          Download PDF
        </a>
        {has("duplicate") ? (
          <form action={duplicate}>
            <SubmitButton className="secondary" pendingLabel="Duplicating…">
              Duplicate
            </SubmitButton>
          </form>
        ) : null}
        {has("void") && canVoid ? (
          <form action={voidIt} onSubmit={confirmOrCancel(`Void ${label}? A void invoice stays on record but is no longer owed.`)}>
            <SubmitButton className="danger" pendingLabel="Voiding…">
              Void
            </SubmitButton>
          </form>
        ) : null}
        {has("delete") ? (
          <form action={remove} onSubmit={confirmOrCancel(`Delete ${label} permanently? This cannot be undone.`)}>
            <SubmitButton className="danger" pendingLabel="Deleting…">
              Delete draft
            </SubmitButton>
          </form>
        ) : null}
      </div>
      <div className="inv-actions-errors">
        <ActionMessage state={sendState} />
        <ActionMessage state={voidState} />
        <ActionMessage state={duplicateState} />
        <ActionMessage state={deleteState} />
      </div>
      <ActionNotice state={sendState} version={version} />
      <ActionNotice state={voidState} version={version} />
    </div>
  );
}
