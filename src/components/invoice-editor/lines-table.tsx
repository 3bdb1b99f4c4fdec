import { LineRow } from "./line-row";
import type { EditorErrors } from "./field-errors";
import type { LiveTotals } from "./live-totals";
import type { LineEdits } from "./use-editor-state";
import type { EditorTaxRate, KeyedLine } from "./types";
import { Button } from "@/components/ui/button";

/** The reorderable lines, each with its live amount, and the button that adds one. */
export function LinesTable({
  lines,
  taxRates,
  live,
  money,
  errors,
  edits,
}: {
  lines: KeyedLine[];
  taxRates: EditorTaxRate[];
  live: LiveTotals;
  money: (minor: number | null | undefined) => string;
  errors: EditorErrors;
  edits: LineEdits;
}) {
  return (
    <table className="inv-lines max-md:block max-md:border-0 max-md:bg-transparent" aria-label="Invoice lines">
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
      <thead className="max-md:sr-only">
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
      <tbody className="max-md:block">
        {lines.length === 0 ? (
          <tr className="max-md:block">
            <td colSpan={8} className="empty max-md:block">
              No lines yet. Add the work or products you are billing for.
            </td>
          </tr>
        ) : null}
        {lines.map((line, i) => (
          <LineRow
            key={line.key}
            line={line}
            index={i}
            count={lines.length}
            taxRates={taxRates}
            currency={live.currency}
            amount={money(live.lineNets[i])}
            errors={{
              description: errors.line(line.key, "description"),
              quantity: errors.line(line.key, "quantity", "unitCode"),
              unitPrice: errors.line(line.key, "unitPrice"),
              taxRateId: errors.line(line.key, "taxRateId"),
              discount: errors.line(line.key, "discount", "discount.value", "discount.kind"),
            }}
            edits={edits}
          />
        ))}
      </tbody>
      <tfoot className="max-md:block">
        <tr className="max-md:block">
          <td colSpan={8} className="max-md:block max-md:px-0">
            <Button variant="secondary" onClick={edits.addLine}>
              + Add line
            </Button>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
