"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { PLACEHOLDER_HELP, PLACEHOLDERS } from "@/modules/email-templates/email-template-text";
import { resetEmailTemplateAction, updateEmailTemplateAction, type EmailTemplateState } from "./actions";

const TITLES: Record<string, string> = { invoice: "Invoice email" };

/** One kind's email wording: subject and message with placeholders, saved or reset to the built-in one. */
export function EmailTemplateForm({
  kind,
  subject,
  message,
  customized,
  readOnly,
}: {
  kind: string;
  subject: string;
  message: string;
  customized: boolean;
  readOnly: boolean;
}) {
  const [state, save] = useActionState<EmailTemplateState, FormData>(updateEmailTemplateAction.bind(null, kind), {});
  const [resetState, reset] = useActionState<EmailTemplateState, FormData>(resetEmailTemplateAction.bind(null, kind), {});
  // The newest answer wins: a reset after a save shows the built-in wording.
  const latest = resetState.saved === "reset" && !state.fieldErrors ? resetState : state;
  const v = { subject, message, ...latest.values };
  return (
    <section className="panel form-section" aria-label={TITLES[kind] ?? kind}>
      <h2>{TITLES[kind] ?? kind}</h2>
      <p className="hint">
        {customized ? "Your wording." : "The built-in wording."} Placeholders:{" "}
        {PLACEHOLDERS.map((p, i) => (
          <span key={p}>
            {i > 0 ? ", " : ""}
            <code>{`{${p}}`}</code> ({PLACEHOLDER_HELP[p]})
          </span>
        ))}
        .
      </p>
      {latest.saved ? (
        <div className="notice" role="status">
          {latest.saved === "reset" ? "Back to the built-in wording." : "Email template saved."}
        </div>
      ) : null}
      <FormMessage message={state.fieldErrors ? undefined : state.message} />
      <form action={save} noValidate key={`${latest.saved ?? ""}-${v.subject}-${v.message.length}`}>
        <fieldset disabled={readOnly} style={{ border: "none", margin: 0, padding: 0 }}>
          <Field name="subject" label="Subject" defaultValue={v.subject} errors={state.fieldErrors} maxLength={200} />
          <Field name="message" label="Message" defaultValue={v.message} errors={state.fieldErrors} multiline maxLength={10000} />
          <div className="inv-actions">
            <SubmitButton pendingLabel="Saving…">Save email template</SubmitButton>
          </div>
        </fieldset>
      </form>
      {!readOnly && customized ? (
        <form action={reset}>
          <SubmitButton className="secondary" pendingLabel="Resetting…">
            Reset to the built-in wording
          </SubmitButton>
        </form>
      ) : null}
    </section>
  );
}
