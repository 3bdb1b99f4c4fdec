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
  street?: string;
  city?: string;
  postcode?: string;
  countryCode?: string;
  vatId?: string;
  endpointId?: string;
  endpointScheme?: string;
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
      <fieldset>
        <legend>E-invoicing (the buyer in UBL, CII and Factur-X invoices)</legend>
        <div className="grid-2">
          <Field name="street" label="Street" defaultValue={v.street} errors={e} maxLength={200} />
          <Field name="city" label="City" defaultValue={v.city} errors={e} maxLength={100} />
          <Field name="postcode" label="Postcode" defaultValue={v.postcode} errors={e} maxLength={20} />
          <Field
            name="countryCode"
            label="Country"
            defaultValue={v.countryCode}
            errors={e}
            maxLength={2}
            hint="ISO 3166 code, e.g. DE, FR, BE"
          />
          <Field name="vatId" label="VAT id" defaultValue={v.vatId} errors={e} hint="With the country prefix, e.g. BE0123456789" />
          <Field
            name="endpointId"
            label="Electronic address"
            defaultValue={v.endpointId}
            errors={e}
            hint="The Peppol participant id without its scheme, e.g. 0123456789"
          />
          <Field
            name="endpointScheme"
            label="Electronic address scheme"
            defaultValue={v.endpointScheme}
            errors={e}
            hint="EAS code, e.g. 0208 (BE), 0088 (GLN), EM (email)"
          />
        </div>
      </fieldset>
      <Field name="notes" label="Notes" multiline defaultValue={v.notes} errors={e} />
      <div className="row">
        <SubmitButton>{submitLabel}</SubmitButton>
        <Link href={cancelHref}>Cancel</Link>
      </div>
    </form>
  );
}
