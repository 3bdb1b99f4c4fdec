"use client";

import { startTransition, useActionState, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { addDays } from "@/lib/dates";
import Link from "next/link";
import { FormMessage } from "@/components/field";
import type { FormState } from "@/components/forms/form-state";
import type { FieldErrors } from "@/platform/errors";
import {
  computeInvoiceTotals,
  type Discount,
  type InvoiceTotals,
  type TotalsLine,
  type TotalsInput,
} from "@/modules/invoices/invoice-totals";
import { currencyExponent, formatMoney, parseDecimal, parseMoney } from "@/lib/money";
import { taxLabel } from "@/components/invoice-format";

export type DiscountKind = "none" | "percent" | "amount";

export interface InvoiceEditorLine {
  description: string;
  quantity: string;
  unitPrice: string;
  /** "" for no tax. */
  taxRateId: string;
  discountKind: DiscountKind;
  discountValue: string;
}

export interface InvoiceEditorValues {
  clientId: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  notes: string;
  discountKind: DiscountKind;
  discountValue: string;
  lines: InvoiceEditorLine[];
}

export interface EditorClient {
  id: string;
  name: string;
  currency: string;
}

export interface EditorTaxRate {
  id: string;
  name: string;
  rateMilliPercent: number;
  archived: boolean;
}

interface KeyedLine extends InvoiceEditorLine {
  key: number;
}

const EMPTY_LINE: InvoiceEditorLine = {
  description: "",
  quantity: "1",
  unitPrice: "",
  taxRateId: "",
  discountKind: "none",
  discountValue: "",
};

/** A typed discount as the totals want it: null for none, undefined while it is not a valid number. */
function parseDiscount(kind: DiscountKind, value: string, currency: string): Discount | null | undefined {
  if (kind === "none") return null;
  try {
    return kind === "percent"
      ? { kind: "percent", basisPoints: parseDecimal(value, 2) }
      : { kind: "amount", minor: parseMoney(value, currency) };
  } catch {
    return undefined;
  }
}

function totalsOrNull(input: TotalsInput): InvoiceTotals | null {
  try {
    return computeInvoiceTotals(input);
  } catch {
    return null;
  }
}

interface LiveTotals {
  currency: string | null;
  lineNets: (number | null)[];
  totals: InvoiceTotals | null;
}

/**
 * The same pure function the server uses, on what is typed so far. A line that does not parse yet shows
 * "—" and so do the invoice totals; the server recomputes on save and its numbers are the truth.
 */
function computeLive(values: Omit<InvoiceEditorValues, "lines">, lines: KeyedLine[], rates: Map<string, EditorTaxRate>): LiveTotals {
  const currency = values.currency.trim().toUpperCase();
  try {
    currencyExponent(currency);
  } catch {
    return { currency: null, lineNets: lines.map(() => null), totals: null };
  }
  const prepared: (TotalsLine | null)[] = lines.map((l) => {
    const rate = l.taxRateId ? rates.get(l.taxRateId) : undefined;
    if (l.taxRateId && !rate) return null;
    const discount = parseDiscount(l.discountKind, l.discountValue, currency);
    if (discount === undefined) return null;
    try {
      return {
        quantityMilli: parseDecimal(l.quantity, 3),
        unitPriceMinor: parseMoney(l.unitPrice, currency),
        taxRateId: rate?.id ?? null,
        taxRateMilliPercent: rate?.rateMilliPercent ?? 0,
        discount,
      };
    } catch {
      return null;
    }
  });
  const lineNets = prepared.map((p) =>
    p ? (totalsOrNull({ lines: [p], discount: null, amountPaidMinor: 0 })?.lines[0]?.netMinor ?? null) : null,
  );
  const discount = parseDiscount(values.discountKind, values.discountValue, currency);
  const complete = prepared.filter((p): p is TotalsLine => p !== null);
  const totals =
    complete.length === prepared.length && discount !== undefined ? totalsOrNull({ lines: complete, discount, amountPaidMinor: 0 }) : null;
  return { currency, lineNets, totals };
}

function ErrorText({ messages, id }: { messages?: string[]; id?: string }) {
  return messages && messages.length > 0 ? (
    <p className="field-error" id={id} role="alert">
      {messages.join(" ")}
    </p>
  ) : null;
}

const LINE_FIELDS = ["description", "quantity", "unitPrice", "taxRateId", "discount", "discount.value", "discount.kind"] as const;
const TOP_FIELDS = ["clientId", "currency", "issueDate", "dueDate", "notes", "discount", "discount.value", "discount.kind"] as const;

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
  const { lines: initialLines, ...initialHeader } = initial;
  const [header, setHeader] = useState(initialHeader);
  const nextKey = useRef(initialLines.length);
  const [lines, setLines] = useState<KeyedLine[]>(() => initialLines.map((l, i) => ({ ...l, key: i })));
  // Until the user types a currency or a due date, they follow the client and the issue date.
  const [currencyTouched, setCurrencyTouched] = useState(!isNew);
  const [dueTouched, setDueTouched] = useState(!isNew);
  // Server errors name lines by their position when submitted; remember which line was where.
  const [submittedKeys, setSubmittedKeys] = useState<number[]>([]);

  const rates = useMemo(() => new Map(taxRates.map((r) => [r.id, r])), [taxRates]);
  const live = computeLive(header, lines, rates);
  const money = (minor: number | null | undefined): string => {
    if (minor === null || minor === undefined || live.currency === null) return "—";
    try {
      return formatMoney(minor, live.currency);
    } catch {
      return "—";
    }
  };

  const errors: FieldErrors = state.fieldErrors ?? {};
  const topError = (field: string) => errors[field];
  const lineError = (key: number, ...fields: string[]): string[] | undefined => {
    const index = submittedKeys.indexOf(key);
    if (index < 0) return undefined;
    const messages = fields.flatMap((f) => errors[`lines.${index}.${f}`] ?? []);
    return messages.length > 0 ? messages : undefined;
  };
  // Errors without a place on screen (a removed line, a list-level rule) go to the banner.
  const shown = new Set<string>(TOP_FIELDS);
  submittedKeys.forEach((key, index) => {
    if (lines.some((l) => l.key === key)) LINE_FIELDS.forEach((f) => shown.add(`lines.${index}.${f}`));
  });
  const otherMessages = Object.entries(errors)
    .filter(([field]) => !shown.has(field))
    .flatMap(([, messages]) => messages);

  const setField = <K extends keyof typeof header>(field: K, value: (typeof header)[K]) => setHeader((h) => ({ ...h, [field]: value }));
  const chooseClient = (clientId: string) => {
    const client = clients.find((c) => c.id === clientId);
    setHeader((h) => ({ ...h, clientId, currency: !currencyTouched && client ? client.currency : h.currency }));
  };
  const chooseIssueDate = (issueDate: string) => {
    setHeader((h) => ({
      ...h,
      issueDate,
      dueDate: !dueTouched && issueDate ? addDays(issueDate, paymentTermsDays) || h.dueDate : h.dueDate,
    }));
  };
  const updateLine = (key: number, patch: Partial<InvoiceEditorLine>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const addLine = () => {
    const key = nextKey.current++;
    setLines((ls) => [...ls, { ...EMPTY_LINE, key }]);
  };
  const removeLine = (key: number) => setLines((ls) => ls.filter((l) => l.key !== key));
  const moveLine = (index: number, by: -1 | 1) =>
    setLines((ls) => {
      const target = index + by;
      if (target < 0 || target >= ls.length) return ls;
      const copy = [...ls];
      [copy[index], copy[target]] = [copy[target]!, copy[index]!];
      return copy;
    });

  const discountOf = (kind: DiscountKind, value: string) => (kind === "none" ? null : { kind, value: value.trim() });
  const payload = JSON.stringify({
    clientId: header.clientId,
    currency: header.currency.trim().toUpperCase(),
    issueDate: header.issueDate,
    dueDate: header.dueDate,
    notes: header.notes,
    discount: discountOf(header.discountKind, header.discountValue),
    lines: lines.map((l) => ({
      description: l.description,
      quantity: l.quantity.trim(),
      unitPrice: l.unitPrice.trim(),
      taxRateId: l.taxRateId || null,
      discount: discountOf(l.discountKind, l.discountValue),
    })),
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    // Dispatched by hand (not as the form's action) so React does not reset the controlled fields.
    e.preventDefault();
    setSubmittedKeys(lines.map((l) => l.key));
    const formData = new FormData(e.currentTarget);
    startTransition(() => dispatch(formData));
  };

  const label = (id: string, text: string, messages: string[] | undefined, control: ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{text}</label>
      {control}
      <ErrorText messages={messages} id={`${id}-error`} />
    </div>
  );
  const invalid = (messages: string[] | undefined) => (messages ? true : undefined);
  const totals = live.totals;

  return (
    <form onSubmit={onSubmit} noValidate className="inv-editor" aria-label="Invoice editor">
      <input type="hidden" name="invoice" value={payload} />
      <FormMessage message={state.message && otherMessages.length > 0 ? `${state.message}: ${otherMessages.join(" ")}` : state.message} />
      <div className="panel">
        <div className="grid-4">
          {label(
            "field-clientId",
            "Client",
            topError("clientId"),
            <select
              id="field-clientId"
              value={header.clientId}
              onChange={(e) => chooseClient(e.target.value)}
              aria-invalid={invalid(errors.clientId)}
            >
              <option value="">Choose a client…</option>
              {clients.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>,
          )}
          {label(
            "field-currency",
            "Currency",
            topError("currency"),
            <input
              id="field-currency"
              value={header.currency}
              maxLength={3}
              autoComplete="off"
              aria-invalid={invalid(errors.currency)}
              onChange={(e) => {
                setCurrencyTouched(true);
                setField("currency", e.target.value.toUpperCase());
              }}
            />,
          )}
          {label(
            "field-issueDate",
            "Issue date",
            topError("issueDate"),
            <input
              id="field-issueDate"
              type="date"
              value={header.issueDate}
              aria-invalid={invalid(errors.issueDate)}
              onChange={(e) => chooseIssueDate(e.target.value)}
            />,
          )}
          {label(
            "field-dueDate",
            "Due date",
            topError("dueDate"),
            <input
              id="field-dueDate"
              type="date"
              value={header.dueDate}
              aria-invalid={invalid(errors.dueDate)}
              onChange={(e) => {
                setDueTouched(true);
                setField("dueDate", e.target.value);
              }}
            />,
          )}
        </div>
        {clients.length === 0 ? (
          <p className="hint">
            No active clients yet. <Link href="/clients/new">Add a client</Link> first.
          </p>
        ) : null}
      </div>

      <table className="inv-lines" aria-label="Invoice lines">
        <colgroup>
          <col style={{ width: "2.2rem" }} />
          <col />
          <col style={{ width: "5.5rem" }} />
          <col style={{ width: "7.5rem" }} />
          <col style={{ width: "9.5rem" }} />
          <col style={{ width: "9.5rem" }} />
          <col style={{ width: "7.5rem" }} />
          <col style={{ width: "6.4rem" }} />
        </colgroup>
        <thead>
          <tr>
            <th>#</th>
            <th>Description</th>
            <th className="num">Qty</th>
            <th className="num">Unit price</th>
            <th>Tax</th>
            <th>Discount</th>
            <th className="num">Amount</th>
            <th>
              <span className="sr-only">Line tools</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 ? (
            <tr>
              <td colSpan={8} className="empty">
                No lines yet. Add the work or products you are billing for.
              </td>
            </tr>
          ) : null}
          {lines.map((line, i) => {
            const n = i + 1;
            const descErr = lineError(line.key, "description");
            const qtyErr = lineError(line.key, "quantity");
            const priceErr = lineError(line.key, "unitPrice");
            const taxErr = lineError(line.key, "taxRateId");
            const discErr = lineError(line.key, "discount", "discount.value", "discount.kind");
            return (
              <tr key={line.key} data-testid="editor-line">
                <td className="muted" style={{ paddingTop: "0.85rem" }}>
                  {n}
                </td>
                <td>
                  <textarea
                    aria-label={`Description, line ${n}`}
                    value={line.description}
                    rows={Math.min(6, line.description.split("\n").length)}
                    maxLength={2000}
                    aria-invalid={invalid(descErr)}
                    placeholder="What you did or sold"
                    onChange={(e) => updateLine(line.key, { description: e.target.value })}
                  />
                  <ErrorText messages={descErr} />
                </td>
                <td>
                  <input
                    className="num"
                    inputMode="decimal"
                    aria-label={`Quantity, line ${n}`}
                    value={line.quantity}
                    aria-invalid={invalid(qtyErr)}
                    onChange={(e) => updateLine(line.key, { quantity: e.target.value })}
                  />
                  <ErrorText messages={qtyErr} />
                </td>
                <td>
                  <input
                    className="num"
                    inputMode="decimal"
                    aria-label={`Unit price, line ${n}`}
                    value={line.unitPrice}
                    placeholder="0.00"
                    aria-invalid={invalid(priceErr)}
                    onChange={(e) => updateLine(line.key, { unitPrice: e.target.value })}
                  />
                  <ErrorText messages={priceErr} />
                </td>
                <td>
                  <select
                    aria-label={`Tax rate, line ${n}`}
                    value={line.taxRateId}
                    aria-invalid={invalid(taxErr)}
                    onChange={(e) => updateLine(line.key, { taxRateId: e.target.value })}
                  >
                    <option value="">No tax</option>
                    {taxRates.map((r) => (
                      <option key={r.id} value={r.id}>
                        {taxLabel(r.name, r.rateMilliPercent)}
                        {r.archived ? " (archived)" : ""}
                      </option>
                    ))}
                  </select>
                  <ErrorText messages={taxErr} />
                </td>
                <td>
                  <div className="line-discount">
                    <select
                      aria-label={`Discount type, line ${n}`}
                      value={line.discountKind}
                      onChange={(e) => updateLine(line.key, { discountKind: e.target.value as DiscountKind })}
                    >
                      <option value="none">—</option>
                      <option value="percent">%</option>
                      <option value="amount">{live.currency ?? "amt"}</option>
                    </select>
                    <input
                      className="num"
                      inputMode="decimal"
                      aria-label={`Discount, line ${n}`}
                      value={line.discountValue}
                      disabled={line.discountKind === "none"}
                      aria-invalid={invalid(discErr)}
                      onChange={(e) => updateLine(line.key, { discountValue: e.target.value })}
                    />
                  </div>
                  <ErrorText messages={discErr} />
                </td>
                <td className="num amount" data-testid={`line-amount-${n}`}>
                  {money(live.lineNets[i])}
                </td>
                <td>
                  <div className="line-tools">
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Move line ${n} up`}
                      title="Move up"
                      disabled={i === 0}
                      onClick={() => moveLine(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Move line ${n} down`}
                      title="Move down"
                      disabled={i === lines.length - 1}
                      onClick={() => moveLine(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Remove line ${n}`}
                      title="Remove"
                      onClick={() => removeLine(line.key)}
                    >
                      ✕
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={8}>
              <button type="button" className="secondary" onClick={addLine}>
                + Add line
              </button>
            </td>
          </tr>
        </tfoot>
      </table>

      <div className="inv-editor-bottom" style={{ marginTop: "1rem" }}>
        <div className="panel">
          <div className="field">
            <label htmlFor="field-discountKind">Invoice discount</label>
            <div className="discount-picker">
              <select
                id="field-discountKind"
                value={header.discountKind}
                onChange={(e) => setField("discountKind", e.target.value as DiscountKind)}
              >
                <option value="none">No discount</option>
                <option value="percent">Percentage (%)</option>
                <option value="amount">Fixed amount</option>
              </select>
              <input
                aria-label="Invoice discount value"
                inputMode="decimal"
                value={header.discountValue}
                disabled={header.discountKind === "none"}
                placeholder={header.discountKind === "percent" ? "e.g. 10" : header.discountKind === "amount" ? "e.g. 50.00" : ""}
                aria-invalid={invalid(errors["discount.value"])}
                onChange={(e) => setField("discountValue", e.target.value)}
              />
            </div>
            <ErrorText
              messages={[...(topError("discount") ?? []), ...(topError("discount.value") ?? []), ...(topError("discount.kind") ?? [])]}
            />
          </div>
          <div className="field">
            <label htmlFor="field-notes">Notes</label>
            <textarea
              id="field-notes"
              value={header.notes}
              maxLength={5000}
              placeholder="Payment instructions, thank-you note, PO number…"
              aria-invalid={invalid(errors.notes)}
              onChange={(e) => setField("notes", e.target.value)}
            />
            <ErrorText messages={topError("notes")} />
          </div>
        </div>
        <div className="panel" aria-label="Totals" role="group">
          <table className="inv-totals">
            <tbody>
              <tr>
                <th scope="row">Subtotal</th>
                <td className="num" data-testid="live-subtotal">
                  {money(totals?.subtotalMinor)}
                </td>
              </tr>
              {header.discountKind !== "none" ? (
                <tr>
                  <th scope="row">Discount</th>
                  <td className="num" data-testid="live-discount">
                    {totals ? `−${money(totals.discountMinor)}` : "—"}
                  </td>
                </tr>
              ) : null}
              {totals && totals.taxes.length > 0 ? (
                totals.taxes.map((t) => {
                  const rate = rates.get(t.taxRateId);
                  return (
                    <tr key={t.taxRateId}>
                      <th scope="row">
                        {rate ? taxLabel(rate.name, rate.rateMilliPercent) : "Tax"}
                        <span className="sub">on {money(t.taxableMinor)}</span>
                      </th>
                      <td className="num" data-testid="live-tax">
                        {money(t.taxMinor)}
                      </td>
                    </tr>
                  );
                })
              ) : (
                <tr>
                  <th scope="row">Tax</th>
                  <td className="num" data-testid="live-tax">
                    {money(totals?.taxMinor)}
                  </td>
                </tr>
              )}
              <tr className="grand">
                <th scope="row">Total{live.currency ? ` (${live.currency})` : ""}</th>
                <td className="num" data-testid="live-total">
                  {money(totals?.totalMinor)}
                </td>
              </tr>
            </tbody>
          </table>
          <p className="totals-note">Calculated as you type; saving recalculates on the server.</p>
        </div>
      </div>

      <div className="inv-editor-footer">
        <Link href={cancelHref}>Cancel</Link>
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
