"use client";

import { useActionState, type FormEvent } from "react";
import { Field, FormMessage } from "@/components/field";
import { VAT_CATEGORIES, VAT_CATEGORY_LABELS } from "@/lib/einvoice-codes";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { createTaxRateAction, deleteTaxRateAction, setTaxRateArchivedAction, updateTaxRateAction, type TaxRateState } from "./actions";

export function NewTaxRateForm() {
  const [state, action] = useActionState<TaxRateState, FormData>(createTaxRateAction, {});
  // A successful create starts the form afresh: the notice is the only thing kept.
  const v = state.notice ? {} : (state.values ?? {});
  return (
    <form action={action} noValidate className="panel form-section" aria-label="New tax rate">
      <h2>Add a tax rate</h2>
      {state.notice ? (
        <div className="notice" role="status">
          {state.notice}
        </div>
      ) : null}
      <FormMessage message={state.fieldErrors ? undefined : state.message} />
      <div className="grid-2">
        <Field
          name="name"
          label="Name"
          defaultValue={v.name ?? ""}
          errors={state.fieldErrors}
          required
          maxLength={100}
          hint='Shown on invoices, e.g. "VAT 20%" or "GST"'
        />
        <Field
          name="rate"
          label="Rate (%)"
          inputMode="decimal"
          defaultValue={v.rate ?? ""}
          errors={state.fieldErrors}
          required
          hint="0–100, up to 3 decimals (7.125)"
        />
        <VatCategorySelect name="vatCategory" value={v.vatCategory ?? ""} errors={state.fieldErrors} />
        <Field
          name="exemptionReason"
          label="Exemption reason"
          defaultValue={v.exemptionReason ?? ""}
          errors={state.fieldErrors}
          maxLength={300}
          hint="Required for E, AE, K, G and O, e.g. the article of the VAT law"
        />
      </div>
      <SubmitButton pendingLabel="Adding…">Add tax rate</SubmitButton>
    </form>
  );
}

/** One row's controls for admins: rename / change the rate, archive or restore, delete. */
/** The EN 16931 VAT category of a rate; blank means the default (S above 0 %, Z at 0 %). */
function VatCategorySelect({ name, value, errors }: { name: string; value: string; errors?: Record<string, string[]> }) {
  const messages = errors?.[name];
  return (
    <div className="field">
      <label htmlFor={`field-${name}`}>VAT category</label>
      <select
        id={`field-${name}`}
        name={name}
        defaultValue={value}
        aria-invalid={messages ? true : undefined}
        aria-describedby={messages ? `field-${name}-error` : undefined}
      >
        <option value="">Default (S above 0 %, Z at 0 %)</option>
        {VAT_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {c} · {VAT_CATEGORY_LABELS[c]}
          </option>
        ))}
      </select>
      {messages ? (
        <p className="field-error" id={`field-${name}-error`} role="alert">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function TaxRateRowActions({
  id,
  name,
  rate,
  vatCategory,
  exemptionReason,
  archived,
}: {
  id: string;
  name: string;
  rate: string;
  vatCategory: string;
  exemptionReason: string;
  archived: boolean;
}) {
  const [editState, edit] = useActionState<TaxRateState, FormData>(updateTaxRateAction.bind(null, id), {});
  const [archiveState, archive] = useActionState<TaxRateState, FormData>(setTaxRateArchivedAction.bind(null, id, !archived), {});
  const [deleteState, remove] = useActionState<TaxRateState, FormData>(deleteTaxRateAction.bind(null, id), {});
  const v = editState.notice ? {} : (editState.values ?? {});
  const confirmDelete = (e: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(`Delete the tax rate ${name}? Rates used on invoices cannot be deleted; archive them instead.`)) e.preventDefault();
  };
  return (
    <>
      <div className="row">
        <form action={edit} className="rate-edit" aria-label={`Edit ${name}`}>
          <input
            name="name"
            aria-label={`Name of ${name}`}
            defaultValue={v.name ?? name}
            maxLength={100}
            aria-invalid={editState.fieldErrors?.name ? true : undefined}
          />
          <input
            name="rate"
            aria-label={`Rate of ${name}`}
            inputMode="decimal"
            defaultValue={v.rate ?? rate}
            aria-invalid={editState.fieldErrors?.rate ? true : undefined}
          />
          <span className="muted">%</span>
          <select
            name="vatCategory"
            aria-label={`VAT category of ${name}`}
            defaultValue={v.vatCategory ?? vatCategory}
            aria-invalid={editState.fieldErrors?.vatCategory ? true : undefined}
          >
            {VAT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <input
            name="exemptionReason"
            aria-label={`Exemption reason of ${name}`}
            placeholder="Exemption reason"
            defaultValue={v.exemptionReason ?? exemptionReason}
            maxLength={300}
            aria-invalid={editState.fieldErrors?.exemptionReason ? true : undefined}
          />
          <SubmitButton className="secondary">Save</SubmitButton>
        </form>
        <form action={archive}>
          <SubmitButton className="secondary" pendingLabel={archived ? "Restoring…" : "Archiving…"}>
            {archived ? "Restore" : "Archive"}
          </SubmitButton>
        </form>
        <form action={remove} onSubmit={confirmDelete}>
          <SubmitButton className="danger" pendingLabel="Deleting…">
            Delete
          </SubmitButton>
        </form>
      </div>
      {editState.notice ? (
        <span className="hint" role="status">
          {editState.notice}
        </span>
      ) : null}
      <ActionMessage state={editState} />
      <ActionMessage state={archiveState} />
      <ActionMessage state={deleteState} />
    </>
  );
}
