"use client";

import { useActionState, useState } from "react";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { formatInvoiceNumber, NUMBER_PREFIX_CHARACTERS } from "@/modules/invoice-settings/invoice-number";
import { PAYMENT_LIMITS } from "@/modules/invoice-settings/payment-instructions";
import { updateInvoiceSettingsAction, type InvoiceSettingsState } from "./actions";

export interface InvoiceSettingsValues {
  defaultCurrency: string;
  numberPrefix: string;
  numberPadding: string;
  paymentTermsDays: string;
  senderLegalName: string;
  senderAddress: string;
  senderTaxId: string;
  senderStreet: string;
  senderCity: string;
  senderPostcode: string;
  senderCountryCode: string;
  senderVatId: string;
  senderRegistrationId: string;
  senderEndpointId: string;
  senderEndpointScheme: string;
  bankAccountHolder: string;
  bankIban: string;
  bankBic: string;
  paymentInstructions: string;
  paymentUrl: string;
}

function preview(prefix: string, padding: string, next: number): string {
  const digits = Number(padding);
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) return "—";
  return formatInvoiceNumber(prefix, digits, next);
}

export function InvoiceSettingsForm({
  initial,
  nextNumber,
  readOnly,
}: {
  initial: InvoiceSettingsValues;
  nextNumber: number;
  readOnly: boolean;
}) {
  const [state, action] = useActionState<InvoiceSettingsState, FormData>(updateInvoiceSettingsAction, {});
  const v = { ...initial, ...state.values };
  const e = state.fieldErrors;
  // The preview follows what is typed, before saving.
  const [prefix, setPrefix] = useState(v.numberPrefix);
  const [padding, setPadding] = useState(v.numberPadding);
  return (
    <form action={action} noValidate aria-label="Invoice settings">
      {state.saved ? (
        <div className="notice" role="status">
          Invoice settings saved.
        </div>
      ) : null}
      <FormMessage message={state.message} />
      <fieldset disabled={readOnly} style={{ border: "none", margin: 0, padding: 0 }}>
        <section className="panel form-section">
          <h2>Numbering and defaults</h2>
          <div className="grid-2">
            <Field
              name="numberPrefix"
              label="Number prefix"
              defaultValue={v.numberPrefix}
              errors={e}
              maxLength={20}
              hint={NUMBER_PREFIX_CHARACTERS}
              onChange={(ev) => setPrefix(ev.currentTarget.value)}
            />
            <Field
              name="numberPadding"
              label="Number digits"
              type="number"
              min={1}
              max={10}
              defaultValue={v.numberPadding}
              errors={e}
              hint="Zero-padded to this many digits"
              onChange={(ev) => setPadding(ev.currentTarget.value)}
            />
          </div>
          <p>
            Next invoice number:{" "}
            <span className="number-preview" data-testid="next-number-preview">
              {preview(prefix, padding, nextNumber)}
            </span>
          </p>
          <div className="grid-2">
            <Field
              name="defaultCurrency"
              label="Default currency"
              defaultValue={v.defaultCurrency}
              errors={e}
              maxLength={3}
              hint="For new clients' invoices when the client has none; ISO 4217 (EUR, USD, GBP)"
            />
            <Field
              name="paymentTermsDays"
              label="Payment terms (days)"
              type="number"
              min={0}
              max={365}
              defaultValue={v.paymentTermsDays}
              errors={e}
              hint="Due date = issue date + this many days"
            />
          </div>
        </section>
        <section className="panel form-section">
          <h2>Sender on invoices</h2>
          <Field
            name="senderLegalName"
            label="Legal name"
            defaultValue={v.senderLegalName}
            errors={e}
            maxLength={200}
            hint="Defaults to the workspace name"
          />
          <Field name="senderAddress" label="Address" multiline defaultValue={v.senderAddress} errors={e} maxLength={1000} />
          <Field name="senderTaxId" label="Tax id" defaultValue={v.senderTaxId} errors={e} maxLength={64} hint="VAT number, EIN, ABN…" />
        </section>
        <section className="panel form-section" aria-label="E-invoicing">
          <h2>E-invoicing (the seller in UBL, CII and Factur-X invoices)</h2>
          <p className="hint">
            Needed for EN 16931 e-invoices; the legal name above is the seller&apos;s name and the IBAN below the payment account.
          </p>
          <div className="grid-2">
            <Field name="senderStreet" label="Street" defaultValue={v.senderStreet} errors={e} maxLength={200} />
            <Field name="senderCity" label="City" defaultValue={v.senderCity} errors={e} maxLength={100} />
            <Field name="senderPostcode" label="Postcode" defaultValue={v.senderPostcode} errors={e} maxLength={20} />
            <Field
              name="senderCountryCode"
              label="Country"
              defaultValue={v.senderCountryCode}
              errors={e}
              maxLength={2}
              hint="ISO 3166 code, e.g. DE, FR, BE"
            />
            <Field
              name="senderVatId"
              label="VAT id"
              defaultValue={v.senderVatId}
              errors={e}
              hint="With the country prefix, e.g. DE123456789"
            />
            <Field
              name="senderRegistrationId"
              label="Legal registration id"
              defaultValue={v.senderRegistrationId}
              errors={e}
              maxLength={100}
              hint="Company register number (needed when there is no VAT id)"
            />
            <Field
              name="senderEndpointId"
              label="Electronic address"
              defaultValue={v.senderEndpointId}
              errors={e}
              hint="Your Peppol participant id without its scheme"
            />
            <Field
              name="senderEndpointScheme"
              label="Electronic address scheme"
              defaultValue={v.senderEndpointScheme}
              errors={e}
              hint="EAS code, e.g. 0208 (BE), 0088 (GLN), EM (email)"
            />
          </div>
        </section>
        <section className="panel form-section" aria-label="Payment instructions">
          <h2>Payment instructions</h2>
          <p className="hint">Printed on every invoice and shown on the client&apos;s invoice link. All optional.</p>
          <Field
            name="bankAccountHolder"
            label="Account holder"
            defaultValue={v.bankAccountHolder}
            errors={e}
            maxLength={PAYMENT_LIMITS.accountHolder}
          />
          <div className="grid-2">
            <Field
              name="bankIban"
              label="IBAN"
              defaultValue={v.bankIban}
              errors={e}
              maxLength={PAYMENT_LIMITS.iban}
              hint="Spaces are fine; the check digits are verified"
            />
            <Field
              name="bankBic"
              label="BIC/SWIFT"
              defaultValue={v.bankBic}
              errors={e}
              maxLength={PAYMENT_LIMITS.bic}
              hint="8 or 11 characters"
            />
          </div>
          <Field
            name="paymentInstructions"
            label="How to pay"
            multiline
            defaultValue={v.paymentInstructions}
            errors={e}
            maxLength={PAYMENT_LIMITS.instructions}
            hint="E.g. the reference to quote, other ways to pay"
          />
          <Field
            name="paymentUrl"
            label="Payment URL"
            type="url"
            defaultValue={v.paymentUrl}
            errors={e}
            maxLength={PAYMENT_LIMITS.url}
            hint="A page where clients can pay online (https:// only)"
          />
        </section>
      </fieldset>
      {readOnly ? <p className="hint">Only admins can change the invoice settings.</p> : <SubmitButton>Save settings</SubmitButton>}
    </form>
  );
}
