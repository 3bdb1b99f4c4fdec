import { taxLabel } from "@/components/invoice-format";
import type { LiveTotals } from "./live-totals";
import type { EditorTaxRate } from "./types";
import { Card } from "@/components/ui/card";

/** The live totals: subtotal, discount (when one is chosen), tax per rate, total. */
export function TotalsPanel({
  live,
  money,
  rates,
  showDiscount,
}: {
  live: LiveTotals;
  money: (minor: number | null | undefined) => string;
  rates: Map<string, EditorTaxRate>;
  showDiscount: boolean;
}) {
  const totals = live.totals;
  return (
    <Card aria-label="Totals" role="group">
      <table className="inv-totals">
        <tbody>
          <tr>
            <th scope="row">Subtotal</th>
            <td className="num" data-testid="live-subtotal">
              {money(totals?.subtotalMinor)}
            </td>
          </tr>
          {showDiscount ? (
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
    </Card>
  );
}
