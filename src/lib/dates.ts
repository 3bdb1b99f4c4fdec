/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC. Pure: "today" comes from the clock. */

/** The date `days` after `isoDate`; "" when `isoDate` is not a date (a half-typed form field). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return "";
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
