/**
 * Payment reminder offsets: days from an invoice's due date (negative before it). Pure, so the database
 * schema, the services and the client-side forms share the bounds and the wording.
 */
export const REMINDER_OFFSET_MIN = -60;
export const REMINDER_OFFSET_MAX = 365;

/** "3 days before due", "on the due date", "7 days after due". */
export function describeOffset(offsetDays: number): string {
  if (offsetDays === 0) return "on the due date";
  const n = Math.abs(offsetDays);
  return `${n} day${n === 1 ? "" : "s"} ${offsetDays < 0 ? "before" : "after"} due`;
}
