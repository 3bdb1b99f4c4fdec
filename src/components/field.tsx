import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import type { FieldErrors } from "@/server/errors";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement & HTMLTextAreaElement>, "name"> {
  name: string;
  label: string;
  errors?: FieldErrors;
  multiline?: boolean;
  hint?: ReactNode;
}

/** A labelled input (or textarea) that shows its own validation messages and refills its value. */
export function Field({ name, label, errors, multiline, hint, ...input }: FieldProps) {
  const messages = errors?.[name];
  const id = `field-${name}`;
  const describedBy = messages ? `${id}-error` : undefined;
  const common = { id, name, "aria-invalid": messages ? true : undefined, "aria-describedby": describedBy, ...input };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea {...common} /> : <input {...common} />}
      {hint ? <span className="hint">{hint}</span> : null}
      {messages ? (
        <p className="field-error" id={describedBy} role="alert">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
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
  const messages = errors?.[name];
  const id = `field-${name}`;
  const describedBy = messages ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={messages ? true : undefined} aria-describedby={describedBy} {...select}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      {hint ? <span className="hint">{hint}</span> : null}
      {messages ? (
        <p className="field-error" id={describedBy} role="alert">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
