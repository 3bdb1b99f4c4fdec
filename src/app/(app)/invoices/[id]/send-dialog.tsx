"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import type { FieldErrors } from "@/platform/errors";
import type { InvoiceEmailDraft } from "@/modules/invoices/invoice-email.schemas";
import { sendInvoiceEmailAction, type InvoiceActionState } from "../actions";

/** The messages for one field of the email: `email.to` and each `email.to.3` (an address by its position) together. */
function messagesFor(errors: FieldErrors | undefined, field: string): string[] {
  if (!errors) return [];
  return Object.entries(errors)
    .filter(([key]) => key === `email.${field}` || key.startsWith(`email.${field}.`))
    .flatMap(([, messages]) => messages);
}

function FieldErrorText({ id, messages }: { id: string; messages: string[] }) {
  return messages.length > 0 ? (
    <p className="field-error" id={id} role="alert">
      {messages.join(" ")}
    </p>
  ) : null;
}

/**
 * "Send" / "Send again": a dialog with the recipients (the client's address to start with; several,
 * separated by commas), Cc, the subject and message from the workspace's template, and the PDF
 * attached. Errors appear next to their field; the dialog closes once the email is queued.
 */
export function SendDialog({ id, draft, label, isDraft }: { id: string; draft: InvoiceEmailDraft; label: string; isDraft: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, action] = useActionState<InvoiceActionState, FormData>(sendInvoiceEmailAction.bind(null, id), {});
  const [shownNotice, setShownNotice] = useState<string | undefined>();
  useEffect(() => {
    if (state.notice && state.notice !== shownNotice) {
      setShownNotice(state.notice);
      dialog.current?.close();
    }
  }, [state.notice, shownNotice]);
  const v = state.values ?? {};
  const e = state.fieldErrors;
  const field = (name: string) => {
    const messages = messagesFor(e, name);
    return {
      id: `send-${name}`,
      name,
      "aria-invalid": messages.length > 0 ? (true as const) : undefined,
      "aria-describedby": messages.length > 0 ? `send-${name}-error` : undefined,
      messages,
    };
  };
  const to = field("to");
  const cc = field("cc");
  const subject = field("subject");
  const message = field("message");
  const attachFormat = field("attachFormat");
  return (
    <>
      <button type="button" className={isDraft ? undefined : "secondary"} onClick={() => dialog.current?.showModal()}>
        {isDraft ? "Send…" : "Send again…"}
      </button>
      <dialog ref={dialog} className="send-dialog" aria-labelledby={`send-title-${id}`}>
        <form action={action} noValidate>
          <h2 id={`send-title-${id}`}>{isDraft ? `Send ${label}` : `Email ${label} again`}</h2>
          {isDraft ? <p className="muted">Sending numbers the invoice and marks it sent; the email leaves in the background.</p> : null}
          <FormMessage message={state.fieldErrors ? undefined : state.message} />
          <div className="field">
            <label htmlFor={to.id}>To</label>
            <input
              id={to.id}
              name="to"
              defaultValue={v.to ?? draft.to.join(", ")}
              aria-invalid={to["aria-invalid"]}
              aria-describedby={to["aria-describedby"]}
              autoComplete="off"
            />
            <span className="hint">Several addresses: separate them with commas.</span>
            <FieldErrorText id={`${to.id}-error`} messages={to.messages} />
          </div>
          <div className="field">
            <label htmlFor={cc.id}>Cc</label>
            <input
              id={cc.id}
              name="cc"
              defaultValue={v.cc ?? ""}
              aria-invalid={cc["aria-invalid"]}
              aria-describedby={cc["aria-describedby"]}
            />
            <FieldErrorText id={`${cc.id}-error`} messages={cc.messages} />
          </div>
          <div className="field">
            <label htmlFor={subject.id}>Subject</label>
            <input
              id={subject.id}
              name="subject"
              maxLength={200}
              defaultValue={v.subject ?? draft.subject}
              aria-invalid={subject["aria-invalid"]}
              aria-describedby={subject["aria-describedby"]}
            />
            <FieldErrorText id={`${subject.id}-error`} messages={subject.messages} />
          </div>
          <div className="field">
            <label htmlFor={message.id}>Message</label>
            <textarea
              id={message.id}
              name="message"
              rows={10}
              maxLength={10000}
              defaultValue={v.message ?? draft.message}
              aria-invalid={message["aria-invalid"]}
              aria-describedby={message["aria-describedby"]}
            />
            <span className="hint">{"{link}"} becomes the invoice's public link when the email is sent.</span>
            <FieldErrorText id={`${message.id}-error`} messages={message.messages} />
          </div>
          <label className="checkbox">
            <input type="checkbox" name="attachPdf" defaultChecked={state.values ? v.attachPdf === "on" : true} /> Attach PDF
          </label>
          <div className="field">
            <label htmlFor={attachFormat.id}>Attached PDF</label>
            <select
              id={attachFormat.id}
              name="attachFormat"
              defaultValue={v.attachFormat ?? "pdf"}
              aria-invalid={attachFormat["aria-invalid"]}
              aria-describedby={attachFormat["aria-describedby"]}
            >
              <option value="pdf">PDF</option>
              <option value="facturx">Factur-X PDF (with its EN 16931 e-invoice inside)</option>
            </select>
            <FieldErrorText id={`${attachFormat.id}-error`} messages={attachFormat.messages} />
          </div>
          <div className="inv-actions">
            <SubmitButton pendingLabel="Queuing…">{isDraft ? "Send invoice" : "Send email"}</SubmitButton>
            <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
      {state.notice ? (
        <div className="notice" role="status">
          {state.notice}
        </div>
      ) : null}
    </>
  );
}
