/**
 * The app's clock: the one source of "now" for code and tests (a lint rule forbids `new Date()` and
 * `Date.now()` elsewhere). Tests replace it to move through time without sleeping.
 */
let source: () => Date = () => new Date();

export function now(): Date {
  return source();
}

/** Today's date (UTC) as YYYY-MM-DD, from the app clock. */
export function today(): string {
  return now().toISOString().slice(0, 10);
}

export function setClockForTests(fn: (() => Date) | null): void {
  source = fn ?? (() => new Date());
}

/** Freezes the clock at an instant (an ISO string or a Date) until the next call; `null` restores it. */
export function pinClockForTests(at: string | Date | null): void {
  if (at === null) return setClockForTests(null);
  const fixed = new Date(at);
  if (Number.isNaN(fixed.getTime())) throw new Error(`not an instant: ${String(at)}`);
  setClockForTests(() => new Date(fixed));
}
