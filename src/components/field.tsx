import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import type { FieldErrors } from "@/platform/errors";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement & HTMLTextAreaElement>, "name"> {
  name: string;
  label: string;
  errors?: FieldErrors;
  multiline?: boolean;
  hint?: ReactNode;
}

/** A message as a sentence of its own: "…, e.g. EUR" and "Unknown currency code" must not run together. */
export function asSentence(message: string): string {
  const text = message.trim();
  return /[.!?…)]$/.test(text) ? text : `${text}.`;
}

/** Several messages as sentences, for text that is one line (an alert). */
export function asSentences(messages: readonly string[]): string {
  return messages.map(asSentence).join(" ");
}

/** Several messages of one field, each a sentence on its own line. */
export function MessageLines({ messages }: { messages: readonly string[] }) {
  return messages.map((m, i) => (
    <span key={i} className="message-line">
      {i > 0 ? <br /> : null}
      {messages.length > 1 ? asSentence(m) : m}
    </span>
  ));
}

/** The label, hint and validation messages around one control; the control gets the ids to link them. */
function FieldShell({
  name,
  label,
  errors,
  hint,
  children,
}: {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: ReactNode;
  children: (control: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const messages = errors?.[name];
  const id = `field-${name}`;
  const describedBy = messages ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, "aria-invalid": messages ? true : undefined, "aria-describedby": describedBy })}
      {hint ? <span className="hint">{hint}</span> : null}
      {messages ? (
        <p className="field-error" id={describedBy} role="alert">
          <MessageLines messages={messages} />
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input (or textarea) that shows its own validation messages and refills its value. */
export function Field({ name, label, errors, multiline, hint, ...input }: FieldProps) {
  return (
    <FieldShell name={name} label={label} errors={errors} hint={hint}>
      {(control) => (multiline ? <textarea {...control} {...input} /> : <input {...control} {...input} />)}
    </FieldShell>
  );
}

export function FormMessage({ message }: { message?: string }) {
  return message ? (
    <div className="alert" role="alert">
      {message}
    </div>
  ) : null;
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> {
  name: string;
  label: string;
  options: readonly string[];
  errors?: FieldErrors;
  hint?: ReactNode;
}

/** A labelled select with the same error display as `Field`. */
export function SelectField({ name, label, options, errors, hint, ...select }: SelectFieldProps) {
  return (
    <FieldShell name={name} label={label} errors={errors} hint={hint}>
      {(control) => (
        <select {...control} {...select}>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
