import { asSentences, FormMessage } from "./field";
import type { FormState } from "@/components/forms/form-state";

/**
 * The error of a one-button form (no fields to show messages next to): its field errors when there
 * are some, which say more than "Some fields are not valid", otherwise its message.
 */
export function ActionMessage({ state }: { state: FormState }) {
  const fieldMessages = state.fieldErrors ? Object.values(state.fieldErrors).flat() : [];
  return <FormMessage message={fieldMessages.length > 0 ? asSentences(fieldMessages) : state.message} />;
}
