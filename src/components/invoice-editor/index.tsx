"use client";

import { startTransition, useActionState, useMemo, useState, type FormEvent } from "react";
import Link from "next/link";
import { asSentences, FormMessage } from "@/components/field";
import type { FormState } from "@/components/forms/form-state";
import { routeErrors } from "./field-errors";
import { computeLive, liveMoney } from "./live-totals";
import { editorPayload } from "./payload";
import { useEditorState } from "./use-editor-state";
import { HeaderFields } from "./header-fields";
import { LinesTable } from "./lines-table";
import { DiscountAndNotes } from "./discount-and-notes";
import { TotalsPanel } from "./totals-panel";
import type { EditorClient, EditorTaxRate, InvoiceEditorValues } from "./types";
import { Button } from "@/components/ui/button";
import { useLeaveGuard } from "@/components/feedback/use-leave-guard";
import { useProgressWhile } from "@/components/feedback/use-progress";

export type { DiscountKind, EditorClient, EditorTaxRate, InvoiceEditorLine, InvoiceEditorValues } from "./types";

/** The invoice editor: header fields, reorderable lines, live totals; posts the invoice as JSON in one hidden field. */
export function InvoiceEditor({
  action,
  initial,
  clients,
  taxRates,
  paymentTermsDays,
  isNew,
  submitLabel,
  cancelHref,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  initial: InvoiceEditorValues;
  clients: EditorClient[];
  taxRates: EditorTaxRate[];
  paymentTermsDays: number;
  isNew: boolean;
  submitLabel: string;
  cancelHref: string;
}) {
  const [state, dispatch, pending] = useActionState<FormState, FormData>(action, {});
  const editor = useEditorState(initial, clients, paymentTermsDays, isNew);
  const { header, lines, setField } = editor;
  // Server errors name lines by their position when submitted; remember which line was where.
  const [submittedKeys, setSubmittedKeys] = useState<number[]>([]);

  const rates = useMemo(() => new Map(taxRates.map((r) => [r.id, r])), [taxRates]);
  const live = computeLive(header, lines, rates);
  const money = liveMoney(live.currency);
  const errors = routeErrors(state.fieldErrors ?? {}, submittedKeys, lines);
  // What the form would send as first shown: any difference is an unsaved change, guarded until it is saved.
  const [savedPayload] = useState(() => editorPayload(header, lines));
  const payload = editorPayload(header, lines);
  useLeaveGuard(payload !== savedPayload && !pending);
  useProgressWhile(pending);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    // Dispatched by hand (not as the form's action) so React does not reset the controlled fields.
    e.preventDefault();
    setSubmittedKeys(lines.map((l) => l.key));
    const formData = new FormData(e.currentTarget);
    startTransition(() => dispatch(formData));
  };

  return (
    <form onSubmit={onSubmit} noValidate className="inv-editor" aria-label="Invoice editor">
      <input type="hidden" name="invoice" value={payload} />
      <FormMessage message={state.message && errors.other.length > 0 ? `${state.message}: ${asSentences(errors.other)}` : state.message} />
      <HeaderFields
        header={header}
        clients={clients}
        errors={errors}
        onClient={editor.chooseClient}
        onCurrency={editor.typeCurrency}
        onIssueDate={editor.chooseIssueDate}
        onDueDate={editor.chooseDueDate}
      />
      <LinesTable lines={lines} taxRates={taxRates} live={live} money={money} errors={errors} edits={editor.lineEdits} />
      <div className="inv-editor-bottom mt-4 *:min-w-0">
        <DiscountAndNotes
          header={header}
          errors={errors}
          onDiscountKind={(kind) => setField("discountKind", kind)}
          onDiscountValue={(value) => setField("discountValue", value)}
          onNotes={(notes) => setField("notes", notes)}
          onReference={(field, value) => setField(field, value)}
        />
        <TotalsPanel live={live} money={money} rates={rates} showDiscount={header.discountKind !== "none"} />
      </div>
      <div className="inv-editor-footer">
        <Link href={cancelHref}>Cancel</Link>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
