import { notFound } from "next/navigation";
import { requireUser } from "@/identity/request-context";
import { instanceAnalytics, isInstanceAdmin, recentInstanceAudit, type InstanceAnalytics } from "@/modules/analytics/analytics.service";
import { AppError } from "@/platform/errors";
import { currencyExponent } from "@/lib/money";
import { InstanceChart } from "./instance-chart";

export const metadata = { title: "Instance analytics" };
export const dynamic = "force-dynamic";

/** A sum of minor units as a decimal string, exact beyond 2^53 (the views return sums as text). */
function majorUnits(minor: string, currency: string): string {
  const places = currencyExponent(currency);
  const n = BigInt(minor);
  if (places === 0) return n.toLocaleString("en-US");
  const scale = 10n ** BigInt(places);
  return `${(n / scale).toLocaleString("en-US")}.${(n % scale).toString().padStart(places, "0")}`;
}

/**
 * Figures across every workspace of this instance, for its administrators (INSTANCE_ADMIN_EMAILS, a
 * verified address, checked on every request). Anyone else gets the same 404 as a missing page.
 */
export default async function InstancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (!isInstanceAdmin(user)) notFound();
  const params = await searchParams;
  const range = {
    from: typeof params.from === "string" && params.from ? params.from : undefined,
    to: typeof params.to === "string" && params.to ? params.to : undefined,
  };
  const actor = { kind: "user" as const, name: user.name, email: user.email, emailVerified: user.emailVerified };
  let data: InstanceAnalytics | undefined;
  let rangeErrors: Record<string, string[]> = {};
  try {
    data = await instanceAnalytics(actor, range);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "validation_failed") throw err;
    rangeErrors = err.fieldErrors ?? {};
  }
  const audit = await recentInstanceAudit(actor, 10);
  const currencies = [...new Set(data?.invoicesSent.map((r) => r.currency) ?? [])].sort();
  return (
    <main>
      <h1>Instance analytics</h1>
      <p className="hint">
        Across every workspace of this instance. Only aggregates: a day (or day and currency) covering fewer than{" "}
        {data?.suppressionThreshold ?? 5} workspaces or people is left out. Each visit is recorded in the instance audit log.
      </p>
      <form method="get" className="toolbar" aria-label="Date range">
        <label className="field">
          From
          <input
            type="date"
            name="from"
            defaultValue={data?.range.from ?? range.from}
            aria-describedby={rangeErrors.from ? "from-error" : undefined}
          />
          {rangeErrors.from ? (
            <span id="from-error" className="field-error">
              {rangeErrors.from.join(". ")}
            </span>
          ) : null}
        </label>
        <label className="field">
          To
          <input
            type="date"
            name="to"
            defaultValue={data?.range.to ?? range.to}
            aria-describedby={rangeErrors.to ? "to-error" : undefined}
          />
          {rangeErrors.to ? (
            <span id="to-error" className="field-error">
              {rangeErrors.to.join(". ")}
            </span>
          ) : null}
        </label>
        <button type="submit">Show</button>
      </form>
      {data ? (
        <>
          <InstanceChart title="Sign-ups per day" unit="people" points={data.signups.map((r) => ({ day: r.day, value: r.signups }))} />
          <InstanceChart
            title="Workspaces created per day"
            unit="workspaces"
            points={data.workspacesCreated.map((r) => ({ day: r.day, value: r.workspaces }))}
          />
          <InstanceChart
            title="Active workspaces per day (created an invoice)"
            unit="workspaces"
            points={data.activeWorkspaces.map((r) => ({ day: r.day, value: r.workspaces }))}
          />
          <section className="panel" aria-label="Invoices sent">
            <h2>Invoices sent, per day and currency</h2>
            {data.invoicesSent.length === 0 ? (
              <p className="empty">No figures to show: no day and currency in this range reached the minimum group size.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Currency</th>
                    <th scope="col">Invoices</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Workspaces</th>
                  </tr>
                </thead>
                <tbody>
                  {data.invoicesSent.map((r) => (
                    <tr key={`${r.day}-${r.currency}`}>
                      <td>{r.day}</td>
                      <td>{r.currency}</td>
                      <td>{r.invoices}</td>
                      <td>{majorUnits(r.amountMinor, r.currency)}</td>
                      <td>{r.workspaces}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {currencies.length > 0 ? <p className="hint">Currencies: {currencies.join(", ")}</p> : null}
          </section>
        </>
      ) : null}
      <section className="panel" aria-label="Instance audit log">
        <h2>Recent uses</h2>
        <ul>
          {audit.map((a) => (
            <li key={`${a.at}-${a.actorLabel}`}>
              {a.at.replace("T", " ").slice(0, 19)} UTC — {a.actorLabel}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
