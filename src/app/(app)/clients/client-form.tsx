"use client";

import { useActionState } from "react";
import Link from "next/link";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import type { FormState } from "@/components/forms/form-state";

export interface ClientFormValues {
  name?: string;
  email?: string;
  billingAddress?: string;
  taxId?: string;
  currency?: string;
  notes?: string;
}

export function ClientForm({
  action,
  initial,
  submitLabel,
  cancelHref,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  initial: ClientFormValues;
  submitLabel: string;
  cancelHref: string;
}) {
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  const v: ClientFormValues = state.values ?? initial;
  const e = state.fieldErrors;
  return (
    <form action={formAction} noValidate className="panel">
      <FormMessage message={state.message} />
      <div className="grid-2">
        <Field name="name" label="Name" defaultValue={v.name} errors={e} required maxLength={200} />
        <Field name="email" label="Email" type="email" defaultValue={v.email} errors={e} />
        <Field name="taxId" label="Tax id" defaultValue={v.taxId} errors={e} hint="VAT number, EIN, ABN…" />
        <Field
          name="currency"
          label="Default currency"
          defaultValue={v.currency}
          errors={e}
          required
          maxLength={3}
          hint="ISO 4217 code, e.g. EUR, USD, GBP"
        />
      </div>
      <Field name="billingAddress" label="Billing address" multiline defaultValue={v.billingAddress} errors={e} />
      <Field name="notes" label="Notes" multiline defaultValue={v.notes} errors={e} />
      <div className="row">
        <SubmitButton>{submitLabel}</SubmitButton>
        <Link href={cancelHref}>Cancel</Link>
      </div>
    </form>
  );
}
