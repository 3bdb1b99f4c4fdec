import { prepareDatabase } from "../src/platform/db/migrate";
import { readAccountOutbox } from "../src/platform/db/account-outbox";
import { openAccountEmail } from "../src/platform/mailer";

/*
 * `npm run outbox [-- --to <address>] [-- --limit <n>]`: the account emails (address verification,
 * password reset) kept while SMTP_URL is not set, newest first, opened for the operator. They belong
 * to no workspace, so no page shows them; whoever runs this can read the server's secret anyway.
 * Shares the embedded database of a running app (or uses DATABASE_URL).
 */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const to = option("to")?.trim().toLowerCase();
const limit = Math.min(Math.max(Number(option("limit") ?? 10) || 10, 1), 500);

const { urls, embedded } = await prepareDatabase();
try {
  const rows = await readAccountOutbox(urls.owner, { to, limit });
  if (rows.length === 0) {
    console.log(to ? `No account emails to ${to}.` : "No account emails kept (with SMTP_URL set, they are sent instead).");
  }
  for (const row of rows) {
    console.log(`── ${row.createdAt.toISOString()} · ${row.kind} · to ${row.toAddress}`);
    console.log(`Subject: ${row.subject}\n`);
    console.log(openAccountEmail(row));
  }
} finally {
  await embedded?.stop();
}
