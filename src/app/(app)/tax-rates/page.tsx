import { requireTenant } from "@/identity/request-context";
import { can } from "@/platform/permissions";
import { listTaxRates } from "@/modules/tax-rates/tax-rates.service";
import { formatDecimal } from "@/lib/money";
import { VAT_CATEGORY_LABELS } from "@/lib/einvoice-codes";
import { NewTaxRateForm, TaxRateRowActions } from "./tax-rate-forms";
import "../invoices/invoices.css";

export const metadata = { title: "Tax rates" };

export default async function TaxRatesPage() {
  const tenant = await requireTenant();
  const rates = await listTaxRates(tenant, { includeArchived: true });
  const manage = can(tenant.role, "tax_rate.update");
  const active = rates.filter((r) => !r.archivedAt);
  const archived = rates.filter((r) => r.archivedAt);
  return (
    <>
      <h1>Tax rates</h1>
      <p className="hint">
        Rates offered on invoice lines. Changing a rate only affects lines written afterwards; invoices keep the rate they were written
        with.
        {manage ? "" : " Only admins can change them."}
      </p>
      {manage ? <NewTaxRateForm /> : null}
      {rates.length === 0 ? (
        <div className="panel empty">No tax rates yet.{manage ? " Add one above." : ""}</div>
      ) : (
        <table className="table-cards" data-testid="tax-rates">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Rate</th>
              <th>VAT category</th>
              <th>Status</th>
              {manage ? <th>Manage</th> : null}
            </tr>
          </thead>
          <tbody>
            {[...active, ...archived].map((r) => (
              <tr key={r.id} className={r.archivedAt ? "archived" : undefined} data-name={r.name}>
                <td>{r.name}</td>
                <td className="num" data-label="Rate">
                  {formatDecimal(r.rateMilliPercent, 3)}%
                </td>
                <td data-label="VAT category">
                  {r.vatCategory} · {VAT_CATEGORY_LABELS[r.vatCategory]}
                  {r.exemptionReason ? <span className="hint"> — {r.exemptionReason}</span> : null}
                </td>
                <td data-label="State">{r.archivedAt ? <span className="badge">archived</span> : <span className="badge">active</span>}</td>
                {manage ? (
                  <td>
                    <TaxRateRowActions
                      id={r.id}
                      name={r.name}
                      rate={formatDecimal(r.rateMilliPercent, 3)}
                      vatCategory={r.vatCategory}
                      exemptionReason={r.exemptionReason ?? ""}
                      archived={r.archivedAt !== null}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
