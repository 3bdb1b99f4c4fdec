import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

export interface CliEmail {
  kind: string;
  to: string;
  subject: string;
  body: string;
}

/**
 * What an operator of an install without SMTP does: `npm run outbox -- --to <address>` against the
 * running app's data folder (it shares the app's embedded PostgreSQL). Newest first.
 */
export async function accountOutboxOf(email: string): Promise<CliEmail[]> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WORKLEDGER_DATA_DIR: inject("appDataDir"),
    WORKLEDGER_PG_PORT: String(inject("appPgPort")),
  };
  for (const key of [
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "WL_TENANT_DATABASE_URL",
    "WL_AUTH_DATABASE_URL",
    "WL_ANALYTICS_DATABASE_URL",
    "BETTER_AUTH_SECRET",
    "SMTP_URL",
  ])
    delete env[key];
  const { stdout } = await run(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/outbox.ts", "--to", email, "--limit", "20"], {
    cwd: ROOT,
    env,
    timeout: 60_000,
  });
  return stdout
    .split(/^── /m)
    .slice(1)
    .map((block) => {
      const [header = "", subjectLine = "", , ...body] = block.split("\n");
      const [, kind = "", to = ""] = /^\S+ · (\S+) · to (\S+)$/.exec(header.trim()) ?? [];
      return { kind, to, subject: subjectLine.replace(/^Subject: /, ""), body: body.join("\n") };
    });
}

/** The link in the newest account email of this kind to this address. */
export async function linkFromAccountOutbox(email: string, kind: "verify_email" | "reset_password"): Promise<string> {
  const mail = (await accountOutboxOf(email)).find((m) => m.kind === kind);
  const link = mail ? /https?:\/\/\S+/.exec(mail.body)?.[0] : undefined;
  if (!link) throw new Error(`no ${kind} email with a link to ${email} in \`npm run outbox\``);
  return link;
}
