import { randomUUID } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { and, desc, eq, inArray } from "drizzle-orm";
import { accountEmails, outboxEmails } from "@/platform/db/schema";
import { withIdentity, withTenant, type TenantScope } from "@/platform/db/tenant";
import type { AccountOutboxRow } from "@/platform/db/account-outbox";
import { config } from "./config";
import { open, seal } from "./secret-box";
import { ROLE_RANK, ROLES, type Role } from "./permissions";
import type { WorkspaceId } from "@/lib/ids";

export interface EmailMessage {
  /** One address, or several (an invoice to a client's accounts department and a person). */
  to: string | readonly string[];
  cc?: readonly string[];
  subject: string;
  text: string;
  attachments?: readonly { filename: string; content: Buffer; contentType: string }[];
}

const addressList = (to: string | readonly string[]): string => (typeof to === "string" ? to : to.join(", "));

const holder = globalThis as typeof globalThis & { __workledgerMailer?: { url: string; transport: Transporter } };

function smtpTransport(url: string): Transporter {
  if (holder.__workledgerMailer?.url !== url) {
    holder.__workledgerMailer = { url, transport: nodemailer.createTransport(url) };
  }
  return holder.__workledgerMailer.transport;
}

export function mailDeliveryMode(): "smtp" | "outbox" {
  return config().SMTP_URL ? "smtp" : "outbox";
}

/*
 * The server log gets one line per kept email naming its recipient and subject, never its body: the
 * body holds a live link (an invitation, a password reset), and logs are copied, shipped and kept.
 */
type MailLog = (line: string) => void;
let mailLog: MailLog = (line) => {
  if (!config().VITEST) console.log(line);
};

/** Tests capture the log lines to prove no link ever reaches them. */
export function setMailLogForTests(log: MailLog | null): void {
  mailLog = log ?? ((line) => (config().VITEST ? undefined : console.log(line)));
}

async function sendSmtp(url: string, message: EmailMessage): Promise<void> {
  await smtpTransport(url).sendMail({
    from: config().MAIL_FROM,
    to: typeof message.to === "string" ? message.to : [...message.to],
    ...(message.cc && message.cc.length > 0 ? { cc: [...message.cc] } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.attachments ? { attachments: message.attachments.map((a) => ({ ...a })) } : {}),
  });
}

/** What a workspace email is about, and the lowest role entitled to read it in the outbox. */
export interface WorkspaceEmailMeta {
  kind: "invitation" | "invoice";
  /** An invitation's role: only those who may create an invitation with that role may read its email. */
  audienceRole: Role;
}

const outboxAad = (workspaceId: string, id: string) => `outbox_emails/${workspaceId}/${id}`;
const accountAad = (id: string) => `account_emails/${id}`;

/**
 * Sends through SMTP when SMTP_URL is set; otherwise (the embedded default) keeps the message, sealed,
 * in the workspace's outbox, which the Team page shows to the people entitled to each email.
 */
export async function sendEmail(workspaceId: WorkspaceId, message: EmailMessage, meta: WorkspaceEmailMeta): Promise<void> {
  const url = config().SMTP_URL;
  if (url) return sendSmtp(url, message);
  await withTenant({ workspaceId }, (t) => keepInOutbox(t, message, meta));
}

/**
 * The same inside the caller's tenant transaction (a job's): with SMTP the message leaves now, whatever
 * becomes of the transaction; in the outbox it is kept only if the transaction commits.
 */
export async function sendEmailIn(t: TenantScope, message: EmailMessage, meta: WorkspaceEmailMeta): Promise<void> {
  const url = config().SMTP_URL;
  if (url) return sendSmtp(url, message);
  await keepInOutbox(t, message, meta);
}

async function keepInOutbox(t: TenantScope, message: EmailMessage, meta: WorkspaceEmailMeta): Promise<void> {
  const id = randomUUID();
  const to = addressList(message.to);
  const cc = message.cc && message.cc.length > 0 ? `\n(Cc: ${message.cc.join(", ")})` : "";
  const attached = message.attachments?.length ? `\n(Attached: ${message.attachments.map((a) => a.filename).join(", ")})` : "";
  await t.db.insert(outboxEmails).values({
    workspaceId: t.workspaceId,
    id,
    toAddress: to,
    subject: message.subject,
    kind: meta.kind,
    audienceRole: meta.audienceRole,
    bodySealed: seal("outbox-email", `${message.text}${cc}${attached}`, outboxAad(t.workspaceId, id)),
  });
  mailLog(`[mail] ${meta.kind} email to ${to} ("${message.subject}") kept in the workspace outbox (Team page): SMTP_URL is not set`);
}

export interface OutboxEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
}

/** The roles whose emails a viewer may read: their own and those below it. */
function rolesUpTo(role: Role): Role[] {
  return ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[role]);
}

/**
 * The newest outbox emails of the workspace that this role is entitled to, opened. Emails for a role
 * above the viewer's are neither selected nor decrypted.
 */
export async function listOutbox(workspaceId: WorkspaceId, viewerRole: Role, limit = 20): Promise<OutboxEmail[]> {
  const rows = await withTenant({ workspaceId }, (t) =>
    t.db
      .select({
        id: outboxEmails.id,
        to: outboxEmails.toAddress,
        subject: outboxEmails.subject,
        body: outboxEmails.bodySealed,
        createdAt: outboxEmails.createdAt,
      })
      .from(outboxEmails)
      .where(and(eq(outboxEmails.workspaceId, workspaceId), inArray(outboxEmails.audienceRole, rolesUpTo(viewerRole))))
      .orderBy(desc(outboxEmails.createdAt))
      .limit(limit),
  );
  return rows.map(({ body, ...r }) => ({ ...r, text: open("outbox-email", body, outboxAad(workspaceId, r.id)) }));
}

export type AccountEmailKind = "verify_email" | "reset_password" | "password_changed";

/**
 * Account email (address verification, password reset) has no workspace: through SMTP when set,
 * otherwise kept sealed in the account outbox, which only the operator reads (`npm run outbox`).
 * Showing it in the app to the person who signed up would prove nothing about their address.
 */
export async function sendAccountEmail(message: EmailMessage, kind: AccountEmailKind): Promise<void> {
  const url = config().SMTP_URL;
  if (url) return sendSmtp(url, message);
  const id = randomUUID();
  await withIdentity({ workspaceId: null }, (s) =>
    s.db.insert(accountEmails).values({
      id,
      toAddress: addressList(message.to),
      subject: message.subject,
      kind,
      bodySealed: seal("account-email", message.text, accountAad(id)),
    }),
  );
  mailLog(
    `[mail] ${kind} email to ${addressList(message.to)} ("${message.subject}") kept in the account outbox: SMTP_URL is not set; read it with \`npm run outbox\``,
  );
}

/** For the operator's CLI (it reads the rows as the database owner): the plain text of one kept account email. */
export function openAccountEmail(row: Pick<AccountOutboxRow, "id" | "bodySealed">): string {
  return open("account-email", row.bodySealed, accountAad(row.id));
}
