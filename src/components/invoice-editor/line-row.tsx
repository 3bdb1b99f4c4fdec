import type { ReactNode } from "react";
import { taxLabel } from "@/components/invoice-format";
import { cn } from "@/components/ui/cn";
import { UNIT_CODES } from "@/lib/einvoice-codes";
import { ErrorText, invalid, type Messages } from "./field-errors";
import type { LineEdits } from "./use-editor-state";
import type { DiscountKind, EditorTaxRate, InvoiceEditorLine, KeyedLine } from "./types";
import { Button } from "@/components/ui/button";

export interface LineErrors {
  description: Messages;
  quantity: Messages;
  unitPrice: Messages;
  taxRateId: Messages;
  discount: Messages;
}

/*
 * From `md` up a line is a table row; below it, a card: a two-column grid with the line number and its
 * tools on top, the description across the whole width, then quantity and price, tax and discount,
 * and the amount, each with a visible label (the controls keep their aria-labels).
 */
const ROW = "grid grid-cols-2 gap-x-3 gap-y-2 border-b border-border py-3 md:table-row md:py-0";
const CELL = "block min-w-0 border-0 p-0 md:table-cell md:border-b md:border-border md:p-[0.45rem_0.4rem]";

function MobileLabel({ children }: { children: ReactNode }) {
  return (
    <span className="mb-0.5 block text-xs font-semibold text-muted md:hidden" aria-hidden="true">
      {children}
    </span>
  );
}

/** The ↑ ↓ ✕ buttons of line `index` (0-based) of `count`. */
function LineTools({ line, index, count, edits }: { line: KeyedLine; index: number; count: number; edits: LineEdits }) {
  const n = index + 1;
  return (
    <div className="line-tools">
      <Button
        variant="secondary"
        size="sm"
        aria-label={`Move line ${n} up`}
        title="Move up"
        disabled={index === 0}
        onClick={() => edits.moveLine(index, -1)}
      >
        ↑
      </Button>
      <Button
        variant="secondary"
        size="sm"
        aria-label={`Move line ${n} down`}
        title="Move down"
        disabled={index === count - 1}
        onClick={() => edits.moveLine(index, 1)}
      >
        ↓
      </Button>
      <Button variant="danger" size="sm" aria-label={`Remove line ${n}`} title="Remove" onClick={() => edits.removeLine(line.key)}>
        ✕
      </Button>
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
    <tr data-testid="editor-line" className={ROW}>
      <td className={cn(CELL, "self-center text-muted md:pt-[0.85rem]")}>
        <span className="md:hidden">Line </span>
        {n}
      </td>
      <td className={cn(CELL, "col-span-2 md:col-auto")}>
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
      <td className={CELL}>
        <MobileLabel>Quantity</MobileLabel>
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
      <td className={CELL}>
        <MobileLabel>Unit price</MobileLabel>
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
      <td className={CELL}>
        <MobileLabel>Tax</MobileLabel>
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
      <td className={CELL}>
        <MobileLabel>Discount</MobileLabel>
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
      <td className={cn(CELL, "num amount col-span-2 max-md:pt-0 md:col-auto")}>
        <MobileLabel>Amount</MobileLabel>
        <span data-testid={`line-amount-${n}`}>{amount}</span>
      </td>
      <td className={cn(CELL, "col-start-2 row-start-1 md:col-auto md:row-auto")}>
        <LineTools line={line} index={index} count={count} edits={edits} />
      </td>
    </tr>
  );
}
