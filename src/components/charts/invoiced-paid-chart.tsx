"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { currencyExponent, formatMoney } from "@/lib/money";

export interface MonthlyPoint {
  month: string;
  currency: string;
  invoicedMinor: number;
  paidMinor: number;
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2025-03" → "Mar 25". */
function monthLabel(month: string): string {
  const [year, m] = month.split("-");
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${year?.slice(2) ?? ""}`;
}

/** Axis ticks: compact major units ("€12K"); the tooltip shows exact amounts. */
function compact(minor: number, currency: string): string {
  const major = minor / 10 ** currencyExponent(currency);
  return new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(major);
}

/** Invoiced (sent invoices by issue date) vs paid (payments by date), per month, one currency at a time. */
export function InvoicedPaidChart({
  months,
  monthly,
  currencies,
  initialCurrency,
}: {
  months: string[];
  monthly: MonthlyPoint[];
  currencies: string[];
  initialCurrency: string;
}) {
  const [currency, setCurrency] = useState(initialCurrency);
  const data = months.map((month) => {
    const row = monthly.find((r) => r.month === month && r.currency === currency);
    return { month, label: monthLabel(month), invoiced: row?.invoicedMinor ?? 0, paid: row?.paidMinor ?? 0 };
  });
  const empty = data.every((d) => d.invoiced === 0 && d.paid === 0);
  return (
    <div data-testid="invoiced-paid-chart">
      <div className="row between" style={{ marginBottom: "0.5rem" }}>
        <h2 style={{ margin: 0 }}>Invoiced vs paid, last 12 months</h2>
        {currencies.length > 1 ? (
          <div className="row" role="group" aria-label="Chart currency">
            {currencies.map((c) => (
              <button
                key={c}
                type="button"
                className={c === currency ? undefined : "secondary"}
                aria-pressed={c === currency}
                onClick={() => setCurrency(c)}
              >
                {c}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {empty ? (
        <div
          className="flex h-[280px] flex-col items-center justify-center gap-1 rounded-md border border-dashed border-border text-center"
          data-testid="chart-empty"
        >
          <p className="m-0 text-lg font-semibold">No data yet</p>
          <p className="m-0 text-sm text-muted">Nothing invoiced or paid in {currency} in the last 12 months.</p>
        </div>
      ) : (
        <BarChart
          responsive
          style={{ width: "100%", height: 280 }}
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
          barGap={2}
          barCategoryGap="22%"
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: "var(--border)" }} tick={{ fill: "var(--muted)", fontSize: 12 }} />
          <YAxis
            tickFormatter={(v: number) => compact(v, currency)}
            tickLine={false}
            axisLine={false}
            tick={{ fill: "var(--muted)", fontSize: 12 }}
            width={64}
          />
          <Tooltip
            cursor={{ fill: "var(--subtle)" }}
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }}
            formatter={(value, name) => [typeof value === "number" ? formatMoney(value, currency) : String(value), name]}
            labelFormatter={(label) => String(label)}
          />
          <Legend iconType="circle" wrapperStyle={{ fontSize: 13 }} />
          <Bar dataKey="invoiced" name="Invoiced" fill="var(--accent)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="paid" name="Paid" fill="var(--ok)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      )}
    </div>
  );
}
