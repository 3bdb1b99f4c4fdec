import type PgBoss from "pg-boss";

/**
 * node-postgres options for a connection URL, libpq's `?host=/socket/folder` form included (the
 * embedded server's Unix socket), so the queue reaches the database the same way the app's pools do.
 */
export function pgOptions(url: string): PgBoss.DatabaseOptions {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get("host");
  return {
    host: socketDir?.startsWith("/") ? socketDir : parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || undefined,
  };
}
