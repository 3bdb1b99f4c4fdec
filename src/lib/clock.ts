/** The app's clock. Tests replace it to move through time (invitation expiry) without sleeping. */
let source: () => Date = () => new Date();

export function now(): Date {
  return source();
}

export function setClockForTests(fn: (() => Date) | null): void {
  source = fn ?? (() => new Date());
}
