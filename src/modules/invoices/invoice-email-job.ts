import { now } from "@/lib/clock";
import { claimEffect } from "@/platform/jobs/store";
import { queueAfterCommit, type WorkspaceJob } from "@/platform/jobs/queue";
import { sendEmailIn } from "@/platform/mailer";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { fillPlaceholders } from "@/modules/email-templates/email-template-text";
import { invoicePdfIn } from "./invoice-read";
import { facturxPdfIn } from "./invoice-einvoice";
import { ensureInvoiceLink } from "./invoice-links";
import * as repo from "./invoice-delivery.repo";
import { reminderDelivered, reminderMayGo } from "@/modules/reminders/reminder-gate";

export interface InvoiceEmailJobData {
  deliveryId: string;
}

const JOB_ACTOR = { userId: null, actorLabel: "Workledger (email job)" };

/**
 * Sends one queued invoice email (src/platform/jobs/, queued with the delivery id as its key). In the
 * workspace's tenant transaction it locks the delivery, claims the effect `(invoices.email, delivery id)`
 * in job_effects, fills in `{link}`, renders the PDF, hands the message to the mailer, and records the
 * attempt and the delivery as sent. A run that finds the delivery no longer queued, or the effect
 * claimed, does nothing: a delivery is marked sent once.
 *
 * The boundary is at-least-once: if the SMTP server accepted the message but the transaction did not
 * commit (the process died, the database went away between the two), the retry sends it again. Nothing
 * can close that gap without the SMTP server's help; it is as narrow as one commit.
 */
export const invoiceEmailJob: WorkspaceJob<InvoiceEmailJobData> = {
  name: "invoices.email",
  retryLimit: 4,
  retryDelaySeconds: 60,
  expireInSeconds: 5 * 60,
  async run(t, job) {
    const d = await repo.findDelivery(t, job.data.deliveryId, true);
    if (!d || d.status !== "queued") return;
    // A payment reminder whose invoice was paid or voided since it was queued is cancelled, not sent.
    if (!(await reminderMayGo(t, d.id))) return;
    if (!(await claimEffect(t, invoiceEmailJob.name, d.id, job.id))) return;
    // Made (or found) now, at sending: the link is a credential, never stored with the queued message.
    const link = await ensureInvoiceLink(t, d.invoiceId);
    const pdf = !d.attachPdf
      ? undefined
      : d.attachFormat === "facturx"
        ? await facturxPdfIn(t, d.invoiceId, d.senderName)
        : await invoicePdfIn(t, d.invoiceId, d.senderName);
    const attachments = pdf ? [{ ...pdf, contentType: "application/pdf" }] : [];
    await sendEmailIn(
      t,
      {
        to: d.to,
        cc: d.cc,
        subject: fillPlaceholders(d.subject, { link }),
        text: fillPlaceholders(d.message, { link }),
        attachments: attachments.map((a) => ({ filename: a.filename, content: a.pdf, contentType: a.contentType })),
      },
      { kind: "invoice", audienceRole: "member" },
    );
    const attempt = await repo.recordAttempt(t, d, { jobId: job.id, status: "sent", error: null });
    await reminderDelivered(t, d.id, "sent");
    await recordAuditEvent(t, JOB_ACTOR, {
      action: "invoice.emailed",
      targetType: "invoice",
      targetId: d.invoiceId,
      detail: { deliveryId: d.id, recipients: d.to.length, cc: d.cc.length, attachPdf: d.attachPdf, attachFormat: d.attachFormat, attempt },
    });
  },
  async failed(t, job, { error, final }) {
    const d = await repo.findDelivery(t, job.data.deliveryId, true);
    if (!d || d.status !== "queued") return;
    const attempt = await repo.recordAttempt(t, d, { jobId: job.id, status: final ? "failed" : "queued", error });
    if (final) {
      await reminderDelivered(t, d.id, "failed", error);
      await recordAuditEvent(t, JOB_ACTOR, {
        action: "invoice.email_failed",
        targetType: "invoice",
        targetId: d.invoiceId,
        detail: { deliveryId: d.id, recipients: d.to.length, attempts: attempt },
      });
    }
  },
};

/** How long a delivery may stay queued before the sweep queues its job (again: the key makes that a no-op when it exists). */
export const SWEEP_AFTER_MS = 60_000;
const SWEEP_BATCH = 500;

/**
 * The safety net for the gap between a request's commit and its job being queued (a crash there, or an
 * instance that does not run the queue, such as `npm run start:api`): scheduled per workspace, it queues
 * the job of every delivery still queued after a minute. The job's id is derived from the delivery id,
 * so a delivery whose job exists (waiting, retrying, running) gets no second one.
 */
export const invoiceEmailSweepJob: WorkspaceJob = {
  name: "invoices.email-sweep",
  retryLimit: 2,
  retryDelaySeconds: 30,
  async run(t) {
    const ids = await repo.listQueuedBefore(t, new Date(now().getTime() - SWEEP_AFTER_MS), SWEEP_BATCH);
    for (const deliveryId of ids) await queueAfterCommit(invoiceEmailJob, t.workspaceId, { deliveryId }, deliveryId);
  },
};
