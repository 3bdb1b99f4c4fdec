import { taxLabel } from "@/components/invoice-format";
import { UNIT_CODES } from "@/lib/einvoice-codes";
import { ErrorText, invalid, type Messages } from "./field-errors";
import type { LineEdits } from "./use-editor-state";
import type { DiscountKind, EditorTaxRate, InvoiceEditorLine, KeyedLine } from "./types";

export interface LineErrors {
  description: Messages;
  quantity: Messages;
  unitPrice: Messages;
  taxRateId: Messages;
  discount: Messages;
}

/** The ↑ ↓ ✕ buttons of line `index` (0-based) of `count`. */
function LineTools({ line, index, count, edits }: { line: KeyedLine; index: number; count: number; edits: LineEdits }) {
  const n = index + 1;
  return (
    <div className="line-tools">
      <button
        type="button"
        className="secondary"
        aria-label={`Move line ${n} up`}
        title="Move up"
        disabled={index === 0}
        onClick={() => edits.moveLine(index, -1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="secondary"
        aria-label={`Move line ${n} down`}
        title="Move down"
        disabled={index === count - 1}
        onClick={() => edits.moveLine(index, 1)}
      >
        ↓
      </button>
      <button type="button" className="danger" aria-label={`Remove line ${n}`} title="Remove" onClick={() => edits.removeLine(line.key)}>
        ✕
      </button>
    </div>
  );
}

/** One editable line: every control is labelled with the line's number, which follows the line when it moves. */
export function LineRow({
  line,
  index,
  count,
  taxRates,
  currency,
  amount,
  errors,
  edits,
}: {
  line: KeyedLine;
  index: number;
  count: number;
  taxRates: EditorTaxRate[];
  /** The live currency, for the discount type's "amount" choice; null while unknown. */
  currency: string | null;
  /** The line's net amount, formatted ("—" while it does not parse). */
  amount: string;
  errors: LineErrors;
  edits: LineEdits;
}) {
  const n = index + 1;
  const update = (patch: Partial<InvoiceEditorLine>) => edits.updateLine(line.key, patch);
  return (
    <tr data-testid="editor-line">
      <td className="muted" style={{ paddingTop: "0.85rem" }}>
        {n}
      </td>
      <td>
        <textarea
          aria-label={`Description, line ${n}`}
          value={line.description}
          rows={Math.min(6, line.description.split("\n").length)}
          maxLength={2000}
          aria-invalid={invalid(errors.description)}
          placeholder="What you did or sold"
          onChange={(e) => update({ description: e.target.value })}
        />
        <ErrorText messages={errors.description} />
      </td>
      <td>
        <input
          className="num"
          inputMode="decimal"
          aria-label={`Quantity, line ${n}`}
          value={line.quantity}
          aria-invalid={invalid(errors.quantity)}
          onChange={(e) => update({ quantity: e.target.value })}
        />
        <select aria-label={`Unit, line ${n}`} value={line.unitCode} onChange={(e) => update({ unitCode: e.target.value })}>
          {Object.entries(UNIT_CODES).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
        <ErrorText messages={errors.quantity} />
      </td>
      <td>
        <input
          className="num"
          inputMode="decimal"
          aria-label={`Unit price, line ${n}`}
          value={line.unitPrice}
          placeholder="0.00"
          aria-invalid={invalid(errors.unitPrice)}
          onChange={(e) => update({ unitPrice: e.target.value })}
        />
        <ErrorText messages={errors.unitPrice} />
      </td>
      <td>
        <select
          aria-label={`Tax rate, line ${n}`}
          value={line.taxRateId}
          aria-invalid={invalid(errors.taxRateId)}
          onChange={(e) => update({ taxRateId: e.target.value })}
        >
          <option value="">No tax</option>
          {taxRates.map((r) => (
            <option key={r.id} value={r.id}>
              {taxLabel(r.name, r.rateMilliPercent)}
              {r.archived ? " (archived)" : ""}
            </option>
          ))}
        </select>
        <ErrorText messages={errors.taxRateId} />
      </td>
      <td>
        <div className="line-discount">
          <select
            aria-label={`Discount type, line ${n}`}
            value={line.discountKind}
            onChange={(e) => update({ discountKind: e.target.value as DiscountKind })}
          >
            <option value="none">—</option>
            <option value="percent">%</option>
            <option value="amount">{currency ?? "amt"}</option>
          </select>
          <input
            className="num"
            inputMode="decimal"
            aria-label={`Discount, line ${n}`}
            value={line.discountValue}
            disabled={line.discountKind === "none"}
            aria-invalid={invalid(errors.discount)}
            onChange={(e) => update({ discountValue: e.target.value })}
          />
        </div>
        <ErrorText messages={errors.discount} />
      </td>
      <td className="num amount" data-testid={`line-amount-${n}`}>
        {amount}
      </td>
      <td>
        <LineTools line={line} index={index} count={count} edits={edits} />
      </td>
    </tr>
  );
}
