import { ErrorText, invalid, type EditorErrors } from "./field-errors";
import type { DiscountKind, EditorHeader } from "./types";
import { Card } from "@/components/ui/card";

const PLACEHOLDERS: Record<DiscountKind, string> = { none: "", percent: "e.g. 10", amount: "e.g. 50.00" };

/** The whole-invoice discount (none, a percentage or a fixed amount) and the notes. */
export function DiscountAndNotes({
  header,
  errors,
  onDiscountKind,
  onDiscountValue,
  onNotes,
  onReference,
}: {
  header: EditorHeader;
  errors: EditorErrors;
  onDiscountKind: (kind: DiscountKind) => void;
  onDiscountValue: (value: string) => void;
  onNotes: (notes: string) => void;
  onReference: (field: "buyerReference" | "purchaseOrderReference", value: string) => void;
}) {
  const error = errors.top;
  return (
    <Card>
      <div className="field">
        <label htmlFor="field-discountKind">Invoice discount</label>
        <div className="discount-picker grid-cols-[minmax(0,9rem)_minmax(0,1fr)] *:min-w-0">
          <select id="field-discountKind" value={header.discountKind} onChange={(e) => onDiscountKind(e.target.value as DiscountKind)}>
            <option value="none">No discount</option>
            <option value="percent">Percentage (%)</option>
            <option value="amount">Fixed amount</option>
          </select>
          <input
            aria-label="Invoice discount value"
            inputMode="decimal"
            value={header.discountValue}
            disabled={header.discountKind === "none"}
            placeholder={PLACEHOLDERS[header.discountKind]}
            aria-invalid={invalid(error("discount.value"))}
            onChange={(e) => onDiscountValue(e.target.value)}
          />
        </div>
        <ErrorText messages={[...(error("discount") ?? []), ...(error("discount.value") ?? []), ...(error("discount.kind") ?? [])]} />
      </div>
      <div className="field">
        <label htmlFor="field-notes">Notes</label>
        <textarea
          id="field-notes"
          value={header.notes}
          maxLength={5000}
          placeholder="Payment instructions, thank-you note, PO number…"
          aria-invalid={invalid(error("notes"))}
          onChange={(e) => onNotes(e.target.value)}
        />
        <ErrorText messages={error("notes")} />
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="field-buyerReference">Buyer reference</label>
          <input
            id="field-buyerReference"
            value={header.buyerReference}
            maxLength={200}
            aria-invalid={invalid(error("buyerReference"))}
            onChange={(e) => onReference("buyerReference", e.target.value)}
          />
          <span className="hint">For e-invoices: the client&apos;s reference (e.g. a Leitweg-ID)</span>
          <ErrorText messages={error("buyerReference")} />
        </div>
        <div className="field">
          <label htmlFor="field-purchaseOrderReference">Purchase order</label>
          <input
            id="field-purchaseOrderReference"
            value={header.purchaseOrderReference}
            maxLength={200}
            aria-invalid={invalid(error("purchaseOrderReference"))}
            onChange={(e) => onReference("purchaseOrderReference", e.target.value)}
          />
          <ErrorText messages={error("purchaseOrderReference")} />
        </div>
      </div>
    </Card>
  );
}
