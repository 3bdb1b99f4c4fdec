import type { TenantScope } from "@/platform/db/tenant";

/**
 * The invoice's public link for the `{link}` placeholder, made (or found) inside the caller's tenant
 * transaction — the invoice email job's, at the moment the email is sent, so the link (a bearer
 * credential) is never stored with the queued message.
 *
 * MERGE POINT (issue "Getting invoices to clients"): the public invoice link is built on branch `links`.
 * At merge the lead replaces the body with `return ensureInvoiceLink(t, invoiceId);`. Until then there is
 * no link, and `{link}` is filled in with nothing. This is the only place the email feature asks for it
 * (called from invoice-email-job.ts, `invoiceEmailJob.run`).
 */
export async function invoiceLinkFor(t: TenantScope, invoiceId: string): Promise<string | null> {
  void t;
  void invoiceId;
  return null;
}
