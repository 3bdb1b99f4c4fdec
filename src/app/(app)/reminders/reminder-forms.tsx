"use client";

import { useActionState, type FormEvent } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { PLACEHOLDERS } from "@/modules/email-templates/email-template-text";
import { describeOffset, REMINDER_OFFSET_MAX, REMINDER_OFFSET_MIN } from "@/lib/reminder-offsets";
import {
  createReminderRuleAction,
  deleteReminderRuleAction,
  setRemindersEnabledAction,
  updateReminderRuleAction,
  type ReminderState,
} from "./actions";

const placeholderHint = `Placeholders: ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`;
const offsetHint = `Days from the due date, ${REMINDER_OFFSET_MIN} to ${REMINDER_OFFSET_MAX}: −3 is three days before, 0 the due date, 7 a week after`;

function Notice({ state }: { state: ReminderState }) {
  return state.notice ? (
    <div className="notice" role="status">
      {state.notice}
    </div>
  ) : null;
}

export function RemindersSwitch({ enabled }: { enabled: boolean }) {
  const [state, action] = useActionState<ReminderState, FormData>(setRemindersEnabledAction.bind(null, !enabled), {});
  return (
    <form action={action} className="panel form-section" aria-label="Send reminders">
      <p>
        Reminders are <strong>{enabled ? "on" : "off"}</strong> for this workspace.
      </p>
      <Notice state={state} />
      <ActionMessage state={state} />
      <SubmitButton pendingLabel="Saving…">{enabled ? "Turn reminders off" : "Turn reminders on"}</SubmitButton>
    </form>
  );
}

export function NewReminderRuleForm() {
  const [state, action] = useActionState<ReminderState, FormData>(createReminderRuleAction, {});
  const v = state.notice ? {} : (state.values ?? {});
  return (
    <form action={action} noValidate className="panel form-section" aria-label="New reminder rule">
      <h2>Add a reminder</h2>
      <Notice state={state} />
      <FormMessage message={state.fieldErrors ? undefined : state.message} />
      <Field
        name="offsetDays"
        label="Days from the due date"
        inputMode="numeric"
        defaultValue={v.offsetDays ?? ""}
        errors={state.fieldErrors}
        required
        hint={offsetHint}
      />
      <Field
        name="subject"
        label="Subject"
        defaultValue={v.subject ?? ""}
        errors={state.fieldErrors}
        maxLength={200}
        hint="Leave empty for the standard wording"
      />
      <Field
        name="message"
        label="Message"
        multiline
        defaultValue={v.message ?? ""}
        errors={state.fieldErrors}
        hint={`Leave empty for the standard wording. ${placeholderHint}`}
      />
      <SubmitButton pendingLabel="Adding…">Add reminder</SubmitButton>
    </form>
  );
}

export function ReminderRuleForm({
  rule,
  readOnly,
}: {
  rule: { id: string; offsetDays: number; subject: string; message: string };
  readOnly: boolean;
}) {
  const [state, action] = useActionState<ReminderState, FormData>(updateReminderRuleAction.bind(null, rule.id), {});
  const [deleteState, remove] = useActionState<ReminderState, FormData>(deleteReminderRuleAction.bind(null, rule.id), {});
  const v = state.notice ? {} : (state.values ?? {});
  const confirmDelete = (e: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(`Delete the reminder ${describeOffset(rule.offsetDays)}?`)) e.preventDefault();
  };
  return (
    <div className="panel form-section">
      <h2>{describeOffset(rule.offsetDays)}</h2>
      <form action={action} noValidate aria-label={`Reminder ${describeOffset(rule.offsetDays)}`}>
        <Notice state={state} />
        <FormMessage message={state.fieldErrors ? undefined : state.message} />
        <fieldset disabled={readOnly}>
          <Field
            name="offsetDays"
            label="Days from the due date"
            inputMode="numeric"
            defaultValue={v.offsetDays ?? String(rule.offsetDays)}
            errors={state.fieldErrors}
            required
            hint={offsetHint}
          />
          <Field
            name="subject"
            label="Subject"
            defaultValue={v.subject ?? rule.subject}
            errors={state.fieldErrors}
            required
            maxLength={200}
          />
          <Field
            name="message"
            label="Message"
            multiline
            defaultValue={v.message ?? rule.message}
            errors={state.fieldErrors}
            hint={placeholderHint}
          />
        </fieldset>
        {readOnly ? null : <SubmitButton pendingLabel="Saving…">Save</SubmitButton>}
      </form>
      {readOnly ? null : (
        <form action={remove} onSubmit={confirmDelete}>
          <ActionMessage state={deleteState} />
          <SubmitButton className="danger" pendingLabel="Deleting…">
            Delete
          </SubmitButton>
        </form>
      )}
    </div>
  );
}
