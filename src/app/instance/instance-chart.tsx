"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";

/** One daily series of the instance analytics, as bars (days the views left out show no bar). */
export function InstanceChart({ title, points, unit }: { title: string; points: { day: string; value: number }[]; unit: string }) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {points.length === 0 ? (
        <p className="empty">No figures to show: no day in this range reached the minimum group size.</p>
      ) : (
        <BarChart width={640} height={220} data={points} style={{ maxWidth: "100%" }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={48} />
          <Tooltip formatter={(v) => [`${String(v)} ${unit}`, title]} />
          <Bar dataKey="value" fill="var(--accent, #2563eb)" isAnimationActive={false} />
        </BarChart>
      )}
    </section>
  );
}
