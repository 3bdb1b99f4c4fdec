import type { InputHTMLAttributes, ReactNode } from "react";
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
