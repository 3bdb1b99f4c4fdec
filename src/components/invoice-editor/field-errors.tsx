import type { ReactNode } from "react";
import type { FieldErrors } from "@/platform/errors";
import type { KeyedLine } from "./types";
import { MessageLines } from "@/components/field";

export type Messages = string[] | undefined;

export function ErrorText({ messages, id }: { messages?: string[]; id?: string }) {
  return messages && messages.length > 0 ? (
    <p className="field-error" id={id} role="alert">
      <MessageLines messages={messages} />
    </p>
  ) : null;
}

/** aria-invalid for a control with these messages (absent when there are none). */
export function invalid(messages: Messages): true | undefined {
  return messages ? true : undefined;
}

/** A labelled header field with its error below. */
export function LabelledField({ id, label, messages, children }: { id: string; label: string; messages: Messages; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      <ErrorText messages={messages} id={`${id}-error`} />
    </div>
  );
}

const LINE_FIELDS = [
  "description",
  "quantity",
  "unitCode",
  "unitPrice",
  "taxRateId",
  "discount",
  "discount.value",
  "discount.kind",
] as const;
const TOP_FIELDS = [
  "clientId",
  "currency",
  "issueDate",
  "dueDate",
  "notes",
  "buyerReference",
  "purchaseOrderReference",
  "discount",
  "discount.value",
  "discount.kind",
] as const;

/** The server's field errors, routed to where they show: a header field, a line (by key), or the banner. */
export interface EditorErrors {
  top: (field: string) => Messages;
  line: (key: number, ...fields: string[]) => Messages;
  /** Errors without a place on screen (a removed line, a list-level rule). */
  other: string[];
}

/**
 * Server errors name lines by their position when submitted (`submittedKeys[index]` is the key of
 * the line that was there); a line removed since has no place, so its errors go to the banner.
 */
export function routeErrors(errors: FieldErrors, submittedKeys: number[], lines: KeyedLine[]): EditorErrors {
  const line = (key: number, ...fields: string[]): Messages => {
    const index = submittedKeys.indexOf(key);
    if (index < 0) return undefined;
    const messages = fields.flatMap((f) => errors[`lines.${index}.${f}`] ?? []);
    return messages.length > 0 ? messages : undefined;
  };
  const shown = new Set<string>(TOP_FIELDS);
  submittedKeys.forEach((key, index) => {
    if (lines.some((l) => l.key === key)) LINE_FIELDS.forEach((f) => shown.add(`lines.${index}.${f}`));
  });
  const other = Object.entries(errors)
    .filter(([field]) => !shown.has(field))
    .flatMap(([, messages]) => messages);
  return { top: (field) => errors[field], line, other };
}
