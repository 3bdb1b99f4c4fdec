/** Settings read from the environment; safe to import anywhere, including the Next.js bundle. */

export function appPort(): number {
  const raw = process.env.PORT ?? "3000";
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`PORT must be a TCP port number, got "${raw}"`);
  }
  return port;
}

export function appUrl(): string {
  return (process.env.APP_URL ?? `http://localhost:${appPort()}`).replace(/\/+$/, "");
}
