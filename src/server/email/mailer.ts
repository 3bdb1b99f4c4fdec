import nodemailer, { type Transporter } from "nodemailer";
import { desc, eq } from "drizzle-orm";
import { outboxEmails } from "../db/schema";
import { withTenant } from "../db/tenant";
import type { WorkspaceId } from "@/lib/ids";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

const holder = globalThis as typeof globalThis & { __workledgerMailer?: { url: string; transport: Transporter } };

function smtpTransport(url: string): Transporter {
  if (holder.__workledgerMailer?.url !== url) {
    holder.__workledgerMailer = { url, transport: nodemailer.createTransport(url) };
  }
  return holder.__workledgerMailer.transport;
}

export function mailDeliveryMode(): "smtp" | "outbox" {
  return process.env.SMTP_URL ? "smtp" : "outbox";
}

/**
 * Sends through SMTP when SMTP_URL is set; otherwise (the embedded default) keeps the message in the
 * workspace's outbox, which the app shows to inviters, and prints it to the server log.
 */
export async function sendEmail(workspaceId: WorkspaceId, message: EmailMessage): Promise<void> {
  const url = process.env.SMTP_URL;
  if (url) {
    await smtpTransport(url).sendMail({
      from: process.env.MAIL_FROM ?? "Workledger <no-reply@workledger.local>",
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    return;
  }
  await withTenant({ workspaceId }, (t) =>
    t.db.insert(outboxEmails).values({ workspaceId, toAddress: message.to, subject: message.subject, bodyText: message.text }),
  );
  if (process.env.VITEST) return; // the tests read the outbox table, not the log
  console.log(`[outbox] To: ${message.to}\n[outbox] Subject: ${message.subject}\n${message.text.replace(/^/gm, "[outbox] ")}`);
}

export async function listOutbox(workspaceId: WorkspaceId, limit = 20) {
  return withTenant({ workspaceId }, (t) =>
    t.db
      .select({ id: outboxEmails.id, to: outboxEmails.toAddress, subject: outboxEmails.subject, text: outboxEmails.bodyText, createdAt: outboxEmails.createdAt })
      .from(outboxEmails)
      .where(eq(outboxEmails.workspaceId, workspaceId))
      .orderBy(desc(outboxEmails.createdAt))
      .limit(limit),
  );
}
