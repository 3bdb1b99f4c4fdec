import type { Sql } from "postgres";
import { openAccountEmail } from "@/platform/mailer";

export interface KeptAccountEmail {
  id: string;
  subject: string;
  kind: string;
  text: string;
}

/** Every account email kept for this address (newest first), opened the way `npm run outbox` does. */
export async function accountEmailsTo(owner: Sql, to: string): Promise<KeptAccountEmail[]> {
  const rows = await owner<{ id: string; subject: string; kind: string; body_sealed: string }[]>`
    select id, subject, kind, body_sealed from account_emails where lower(to_address) = ${to.toLowerCase()} order by created_at desc, id`;
  return rows.map((r) => ({ id: r.id, subject: r.subject, kind: r.kind, text: openAccountEmail({ id: r.id, bodySealed: r.body_sealed }) }));
}

/** The first http(s) link in the newest account email of this kind to this address. */
export async function linkInAccountEmail(owner: Sql, to: string, kind: "verify_email" | "reset_password"): Promise<URL> {
  const mail = (await accountEmailsTo(owner, to)).find((m) => m.kind === kind);
  const match = mail ? /https?:\/\/\S+/.exec(mail.text) : null;
  if (!match) throw new Error(`no ${kind} email with a link to ${to}`);
  return new URL(match[0]);
}

/** Path and query of a link below /api/auth, as authRequest takes it. */
export function authPathOf(link: URL): string {
  return `${link.pathname.replace(/^\/api\/auth/, "")}${link.search}`;
}
