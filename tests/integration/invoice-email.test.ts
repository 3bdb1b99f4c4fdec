import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCapture, useSmtpUrl, type CapturedMail, type SmtpCapture } from "../support/smtp-capture";
import { reloadConfig } from "@/platform/config";
import { withTenant } from "@/platform/db/tenant";
import { startJobQueue, type JobQueue } from "@/platform/jobs/queue";
import { listOutbox } from "@/platform/mailer";
import { asWorkspaceId } from "@/lib/ids";
import { now } from "@/lib/clock";
import { invoiceEmailJob, invoiceEmailSweepJob } from "@/modules/invoices/invoice-email-job";
import * as invoices from "@/modules/invoices/invoices.service";
import * as clients from "@/modules/clients/clients.service";
import { getInvoiceView } from "@/modules/invoices/invoice-view";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";
import { api, expectJson, expectProblem, keyFor } from "../support/api";
import { decodeWords, parseMail } from "../support/mime";

/*
 * Emailing invoices end to end on the real database and an in-process SMTP server: the request queues a
 * delivery in its transaction, the invoices.email job (on a real pg-boss queue in this process) sends it
 * with the PDF attached, records each attempt, retries with backoff, and marks it sent once.
 */
const owner = ownerSql();
let received: CapturedMail[] = [];
let smtp: SmtpCapture | undefined;
let restoreSmtp: (() => void) | undefined;
/** Recipients the server refuses for good (550). */
const rejectAlways = new Set<string>();
/** Recipients the server refuses once (451), then accepts. */
const rejectOnce = new Set<string>();
let queue: JobQueue;
let fx: WorkspaceFixture;
let adminKey: string;
let memberKey: string;
const crashAfterCommitOf = new Set<string>();
const errors: string[] = [];

const clientEmail = () => `client-${randomUUID().slice(0, 8)}@client.test`;

beforeAll(async () => {
  smtp = await startSmtpCapture((address) => {
    if (rejectAlways.has(address)) return { code: 550, message: "Mailbox unavailable" };
    if (rejectOnce.delete(address)) return { code: 451, message: "Try again later" };
    return undefined;
  });
  received = smtp.received;
  restoreSmtp = useSmtpUrl(smtp.url);

  const originalError = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(args.map(String).join(" "));
    if (!String(args[0]).startsWith("jobs:")) originalError(...args);
  };
  fx = await workspaceFixture(owner, "admin", "email");
  await owner`update clients set email = 'billing@client.test' where workspace_id = ${fx.workspaceId} and id = ${fx.clientId}`;
  adminKey = await keyFor(fx.actor, "admin");
  memberKey = await keyFor(fx.actor, "member");
  queue = await startJobQueue({
    url: process.env.WL_JOBS_DATABASE_URL!,
    // The app's job, with short retries for the test.
    jobs: [{ ...invoiceEmailJob, retryLimit: 2, retryDelaySeconds: 1 }],
    listWorkspaces: async () => [{ workspaceId: asWorkspaceId(fx.workspaceId) }],
    intervals: { polling: 0.5, maintenance: 1 },
    afterCommit: async (job) => {
      if (crashAfterCommitOf.has(job.id)) {
        crashAfterCommitOf.delete(job.id);
        throw new Error("simulated crash after the commit, before the queue heard of it");
      }
    },
  });
});

afterAll(async () => {
  await queue?.stop();
  restoreSmtp?.();
  await smtp?.close();
  await owner.end();
});

/** A new draft with one line for the fixture's client. */
async function newDraft(lines = 1): Promise<string> {
  const d = await invoices.createInvoice(fx.actor, {
    clientId: fx.clientId,
    lines: Array.from({ length: lines }, (_, i) => ({ description: `Work ${i + 1}`, quantity: "2", unitPrice: "60.25" })),
  });
  return d.id;
}

async function waitForDelivery(id: string, status: "sent" | "failed", timeoutMs = 30_000) {
  for (let waited = 0; waited < timeoutMs; waited += 200) {
    const [row] = await owner<{ status: string; attempts: number; last_error: string | null }[]>`
      select status, attempts, last_error from invoice_deliveries where workspace_id = ${fx.workspaceId} and id = ${id}`;
    if (row?.status === status) return row;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`delivery ${id} did not become ${status}`);
}

const deliveryCount = async (invoiceId: string) =>
  (
    await owner<
      { n: number }[]
    >`select count(*)::int as n from invoice_deliveries where workspace_id = ${fx.workspaceId} and invoice_id = ${invoiceId}`
  )[0]!.n;
const emailJobCount = async () =>
  (
    await owner<{ n: number }[]>`
      select count(*)::int as n from workledger_jobs.job where name = 'invoices.email' and data->>'workspaceId' = ${fx.workspaceId}`
  )[0]!.n;
const attemptsOf = (deliveryId: string) =>
  owner<{ attempt: number; outcome: string; error: string | null }[]>`
    select attempt, outcome, error from invoice_delivery_attempts where workspace_id = ${fx.workspaceId} and delivery_id = ${deliveryId} order by attempt`;

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "wl-mail-"));
  const file = path.join(dir, "invoice.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
}

describe("sending an invoice by email", () => {
  it("a draft sent with an email over the API gets its number, and the message arrives with To, Cc, subject, message and the PDF", async () => {
    const id = await newDraft();
    const to = [clientEmail(), clientEmail()];
    const cc = [clientEmail()];
    const res = await api<{ number: string; status: string }>("POST", `/api/v1/invoices/${id}/send`, {
      token: adminKey,
      body: {
        email: {
          to,
          cc,
          subject: "Invoice {invoice_number} for {client_name}",
          message: "Hello {client_name},\n\nTotal {total}, balance {balance_due}, due {due_date}.\nLink: [{link}]\nFrom {workspace_name}",
          attach_pdf: true,
        },
      },
    });
    const sent = expectJson(res, 200);
    expect(sent.status).toBe("sent");
    expect(sent.number).toMatch(/^INV-\d{4}$/);

    const list = expectJson(
      await api<{ data: { id: string; status: string; to: string[] }[] }>("GET", `/api/v1/invoices/${id}/deliveries`, { token: adminKey }),
      200,
    );
    expect(list.data).toHaveLength(1);
    expect(list.data[0]!.to).toEqual(to);
    await waitForDelivery(list.data[0]!.id, "sent");

    const message = received.find((m) => m.to.includes(to[0]!))!;
    expect(message.to.sort()).toEqual([...to, ...cc].sort());
    const mail = parseMail(message.raw);
    expect(mail.headers.to).toBe(to.join(", "));
    expect(mail.headers.cc).toBe(cc[0]);
    expect(decodeWords(mail.headers.subject!)).toBe(`Invoice ${sent.number} for Fixture Client`);
    expect(mail.text).toContain("Hello Fixture Client,");
    expect(mail.text).toContain("Total €120.50, balance €120.50, due ");
    expect(mail.text).toContain(`From ${fx.name}`);
    // The link in the message opens the invoice's public page (and only that invoice).
    const token = /Link: \[https?:\/\/\S+\/i\/([A-Za-z0-9_-]{43})\]/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    const opened = await invoices.viewPublicInvoice(token!);
    expect(opened?.invoice.number).toBe(sent.number);
    expect(opened?.invoice.totalMinor).toBe(12050);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe("application/pdf");
    expect(mail.attachments[0]!.filename).toBe(`${sent.number}.pdf`);
    expect(pdfText(mail.attachments[0]!.content)).toContain(sent.number);

    const [delivery] = await attemptsOf(list.data[0]!.id);
    expect(delivery).toEqual({ attempt: 1, outcome: "sent", error: null });
    const audits = await owner<{ action: string; detail: Record<string, unknown> }[]>`
      select action, detail from audit_events where workspace_id = ${fx.workspaceId} and target_id = ${id} and action like 'invoice.email%' order by created_at`;
    expect(audits.map((a) => a.action)).toEqual(["invoice.email_queued", "invoice.emailed"]);
    expect(audits[1]!.detail).toMatchObject({ recipients: 2, cc: 1, attempt: 1 });
    expect(JSON.stringify(audits)).not.toContain("Hello");
  });

  it("without attach_pdf the message has no attachment; without a body the send behaves as before (nothing emailed)", async () => {
    const id = await newDraft();
    const addr = clientEmail();
    const res = await api("POST", `/api/v1/invoices/${id}/send`, {
      token: adminKey,
      body: { email: { to: [addr], subject: "No PDF", message: "Plain", attach_pdf: false } },
    });
    expectJson(res, 200);
    const [d] = await invoices.listInvoiceDeliveries(fx.actor, id);
    await waitForDelivery(d!.id, "sent");
    expect(parseMail(received.find((m) => m.to.includes(addr))!.raw).attachments).toEqual([]);

    const plain = await newDraft();
    const before = await emailJobCount();
    expect(expectJson(await api<{ status: string }>("POST", `/api/v1/invoices/${plain}/send`, { token: adminKey }), 200).status).toBe(
      "sent",
    );
    expect(await deliveryCount(plain)).toBe(0);
    expect(await emailJobCount()).toBe(before);
  });

  it("attach_format facturx attaches the Factur-X PDF (the e-invoice inside); an invoice that is not ready is refused on that field, and nothing changes", async () => {
    // The fixture's sent invoice has everything an EN 16931 e-invoice needs.
    const addr = clientEmail();
    const res = await api("POST", `/api/v1/invoices/${fx.sentInvoiceId}/send`, {
      token: adminKey,
      body: { email: { to: [addr], subject: "E-invoice", message: "Attached", attach_format: "facturx" } },
    });
    expectJson(res, 200);
    const [d] = await invoices.listInvoiceDeliveries(fx.actor, fx.sentInvoiceId);
    expect(d!.attachFormat).toBe("facturx");
    await waitForDelivery(d!.id, "sent");
    const [attachment] = parseMail(received.find((m) => m.to.includes(addr))!.raw).attachments;
    expect(attachment!.filename).toBe("INV-0001.facturx.pdf");
    const bytes = attachment!.content.toString("latin1");
    expect(bytes).toContain("factur-x.xml");
    expect(bytes).toMatch(/\/AFRelationship \/Alternative/);
    // A resend keeps the format.
    const again = await invoices.resendInvoiceEmail(fx.actor, fx.sentInvoiceId, d!.id);
    expect(again.attachFormat).toBe("facturx");

    // A client with no address or VAT id: the draft stays a draft, no delivery, the reason on attach_format.
    const bare = await clients.createClient(fx.actor, { name: "Bare Client", currency: "EUR" });
    const draft = await invoices.createInvoice(fx.actor, {
      clientId: bare.id,
      lines: [{ description: "Work", quantity: "1", unitPrice: "10" }],
    });
    const jobsBefore = await emailJobCount();
    const refused = await api<{ errors: Record<string, string[]> }>("POST", `/api/v1/invoices/${draft.id}/send`, {
      token: adminKey,
      body: { email: { to: [addr], subject: "E-invoice", message: "Attached", attach_format: "facturx" } },
    });
    const problem = expectProblem(refused, 422, "validation_failed");
    expect(problem.errors?.["email.attach_format"]?.[0]).toMatch(/^Factur-X needs a complete e-invoice: .*the client's country/);
    expect(problem.errors).toHaveProperty(["buyer.country_code"]);
    expect((await invoices.getInvoice(fx.actor, draft.id)).status).toBe("draft");
    expect(await deliveryCount(draft.id)).toBe(0);
    expect(await emailJobCount()).toBe(jobsBefore);
    expectProblem(
      await api("POST", `/api/v1/invoices/${draft.id}/send`, {
        token: adminKey,
        body: { email: { to: [addr], subject: "x", message: "y", attach_format: "zugferd" } },
      }),
      400,
    );
  });

  it("keeps the email in the workspace outbox when SMTP_URL is not set", async () => {
    const smtp = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    reloadConfig();
    try {
      const id = await newDraft();
      const { invoice, delivery } = await invoices.sendInvoiceWithEmail({ ...fx.actor, workspaceName: fx.name }, id, {
        email: { to: ["outbox@client.test"], subject: "Invoice {invoice_number}", message: "Due {due_date}" },
      });
      await waitForDelivery(delivery!.id, "sent");
      const kept = (await listOutbox(asWorkspaceId(fx.workspaceId), "member")).find((m) => m.to === "outbox@client.test");
      expect(kept?.subject).toBe(`Invoice ${invoice.number}`);
      expect(kept?.text).toContain(`Due ${invoice.dueDate}`);
      expect(kept?.text).toContain(`(Attached: ${invoice.number}.pdf)`);
    } finally {
      process.env.SMTP_URL = smtp;
      reloadConfig();
    }
  });

  it("the send dialog starts from the workspace's template, filled in with the invoice's values", async () => {
    const id = await newDraft();
    const view = await getInvoiceView({ ...fx.actor, workspaceName: fx.name }, id);
    expect(view.emailDraft.to).toEqual(["billing@client.test"]);
    // A draft's number is not known yet: it stays a placeholder, filled in when it is sent.
    expect(view.emailDraft.subject).toBe(`Invoice {invoice_number} from ${fx.name}`);
    expect(view.emailDraft.message).toContain("Hello Fixture Client,");
    expect(view.emailDraft.message).toContain("{link}");
    // No payment instructions set: the placeholder leaves no gap of empty lines.
    expect(view.emailDraft.message).not.toMatch(/\n{3,}/);
  });

  it("prints the workspace's payment instructions in the email, as on the PDF and the public page", async () => {
    await owner`update invoice_settings set bank_account_holder = 'Fixture GmbH', bank_iban = 'DE89370400440532013000',
                bank_bic = 'COBADEFFXXX', payment_url = 'https://pay.example.test/fixture'
                where workspace_id = ${fx.workspaceId}`;
    try {
      const id = await newDraft();
      const { emailDraft } = await getInvoiceView({ ...fx.actor, workspaceName: fx.name }, id);
      expect(emailDraft.message).toContain("Account holder: Fixture GmbH");
      expect(emailDraft.message).toContain("IBAN: DE89 3704 0044 0532 0130 00");
      expect(emailDraft.message).toContain("BIC/SWIFT: COBADEFFXXX");
      expect(emailDraft.message).toContain("Pay online: https://pay.example.test/fixture");
    } finally {
      await owner`update invoice_settings set bank_account_holder = null, bank_iban = null, bank_bic = null, payment_url = null
                  where workspace_id = ${fx.workspaceId}`;
    }
  });
});

describe("refused requests queue nothing and change nothing", () => {
  const invalidAddresses = [
    "",
    "plain",
    "no-at.example.com",
    "a@",
    "@example.com",
    "two@@example.com",
    "a b@example.com",
    "a@b@c.example.com",
    "<a@example.com>",
    "Name <a@example.com>",
    "a@example.com\r\nBcc: evil@attacker.test",
    "a@example.com, b@example.com",
    "a@exa mple.com",
    "a@.example.com",
    "a@example..com",
    "a@-example.com",
    ".a@example.com",
    "a.@example.com",
    "a..b@example.com",
    "a@example.com.",
  ];

  async function expectNothingQueued(id: string, attempt: () => Promise<unknown>) {
    const jobs = await emailJobCount();
    const [before] = await owner`select status, number from invoices where workspace_id = ${fx.workspaceId} and id = ${id}`;
    await attempt();
    const [after] = await owner`select status, number from invoices where workspace_id = ${fx.workspaceId} and id = ${id}`;
    expect(after).toEqual(before);
    expect(await deliveryCount(id)).toBe(0);
    expect(await emailJobCount()).toBe(jobs);
  }

  it("reports each invalid address by its index, in To and in Cc", async () => {
    const id = await newDraft();
    // Valid and invalid addresses interleaved, so the indexes in the errors mean something.
    const to = invalidAddresses.slice(0, 10).flatMap((bad, i) => (i % 2 === 0 ? [bad, `ok${i}@client.test`] : [bad]));
    const cc = invalidAddresses.slice(10).map((bad, i) => (i === 3 ? "fine@client.test" : bad));
    const badTo = to.map((a, i) => (a.startsWith("ok") ? -1 : i)).filter((i) => i >= 0);
    const badCc = cc.map((a, i) => (a === "fine@client.test" ? -1 : i)).filter((i) => i >= 0);
    await expectNothingQueued(id, async () => {
      const p = expectProblem(
        await api("POST", `/api/v1/invoices/${id}/send`, { token: adminKey, body: { email: { to, cc, subject: "S", message: "M" } } }),
        422,
        "validation_failed",
      );
      const keys = Object.keys(p.errors ?? {});
      expect(keys.filter((k) => k.startsWith("email.to.")).sort()).toEqual(badTo.map((i) => `email.to.${i}`).sort());
      expect(keys.filter((k) => /^email\.cc\.\d+$/.test(k)).sort()).toEqual(badCc.map((i) => `email.cc.${i}`).sort());
    });
    // Each one alone is refused too (and each valid address alone is accepted by the same rule).
    for (const bad of invalidAddresses) {
      const p = expectProblem(
        await api("POST", `/api/v1/invoices/${id}/send`, {
          token: adminKey,
          body: { email: { to: ["good@client.test", bad], subject: "S", message: "M" } },
        }),
        422,
      );
      expect(Object.keys(p.errors ?? {}), JSON.stringify(bad)).toEqual(["email.to.1"]);
    }
    expect(await deliveryCount(id)).toBe(0);
  });

  it("refuses unknown placeholders by name, an empty or multi-line subject, no recipient, too many recipients, unknown fields", async () => {
    const id = await newDraft();
    const send = (email: Record<string, unknown>) => api("POST", `/api/v1/invoices/${id}/send`, { token: adminKey, body: { email } });
    const base = { to: ["x@client.test"], subject: "Invoice {invoice_number}", message: "Hi" };
    const placeholderCases: [Record<string, unknown>, string, string[]][] = [
      [{ ...base, subject: "Invoice {foo}" }, "email.subject", ["{foo}"]],
      [{ ...base, message: "See {link2} and {Invoice_Number}, {foo}, {foo}" }, "email.message", ["{link2}", "{Invoice_Number}", "{foo}"]],
      [{ ...base, message: "{total} {clientname}" }, "email.message", ["{clientname}"]],
      [{ ...base, subject: "{due_date}{x}" }, "email.subject", ["{x}"]],
      [{ ...base, message: "{a1} {_b}" }, "email.message", ["{a1}", "{_b}"]],
    ];
    await expectNothingQueued(id, async () => {
      for (const [email, field, names] of placeholderCases) {
        const p = expectProblem(await send(email), 422, "validation_failed");
        const message = p.errors?.[field]?.[0] ?? "";
        for (const name of names) expect(message).toContain(name);
        expect(message).toMatch(/Unknown placeholder/);
      }
      // Braces that are not a placeholder are plain text.
      expect(Object.keys(expectProblem(await send({ ...base, message: "{ not one } {} {1x}", to: [] }), 422).errors ?? {})).toEqual([
        "email.to",
      ]);
      expect(expectProblem(await send({ ...base, subject: "   " }), 422).errors?.["email.subject"]).toEqual(["Subject is required"]);
      expect(expectProblem(await send({ ...base, subject: "a\r\nBcc: evil@attacker.test" }), 422).errors?.["email.subject"]).toBeDefined();
      expectProblem(await send({ ...base, subject: "s".repeat(201) }), 400);
      expectProblem(await send({ ...base, message: "m".repeat(10_001) }), 400);
      expectProblem(await send({ ...base, to: Array.from({ length: 21 }, (_, i) => `r${i}@client.test`) }), 400);
      const many = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}@client.test`);
      expect(expectProblem(await send({ ...base, to: many(15, "t"), cc: many(6, "c") }), 422).errors?.["email.cc"]?.[0]).toMatch(
        /At most 20 recipients in To and Cc together \(21 given\)/,
      );
      expectProblem(await send({ ...base, bcc: ["x@y.test"] }), 400);
      expectProblem(await send({ ...base, attach_pdf: "yes" }), 400);
    });
  });

  it("a draft without lines is refused (409) with an email, and nothing is queued", async () => {
    const empty = (await invoices.createInvoice(fx.actor, { clientId: fx.clientId })).id;
    await expectNothingQueued(empty, async () => {
      expectProblem(
        await api("POST", `/api/v1/invoices/${empty}/send`, {
          token: adminKey,
          body: { email: { to: ["x@client.test"], subject: "S", message: "M" } },
        }),
        409,
      );
    });
  });

  it("a role without invoice.send gets 403, and nothing is queued", async () => {
    const id = await newDraft();
    await expectNothingQueued(id, async () => {
      expectProblem(
        await api("POST", `/api/v1/invoices/${id}/send`, {
          token: memberKey,
          body: { email: { to: ["x@client.test"], subject: "S", message: "M" } },
        }),
        403,
      );
    });
    const deliveries = await deliveryCount(fx.sentInvoiceId);
    expectProblem(await api("POST", `/api/v1/invoices/${fx.sentInvoiceId}/deliveries/${fx.deliveryId}/resend`, { token: memberKey }), 403);
    expect(await deliveryCount(fx.sentInvoiceId)).toBe(deliveries);
    // Reading the deliveries is for everyone who reads invoices.
    expectJson(await api("GET", `/api/v1/invoices/${fx.sentInvoiceId}/deliveries`, { token: memberKey }), 200);
  });
});

describe("delivery through the job queue", () => {
  it("a recipient refused for good: each attempt is recorded with the reason, retried, then failed and listed in job_failures", async () => {
    const bad = clientEmail();
    rejectAlways.add(bad);
    const id = await newDraft();
    const { delivery } = await invoices.sendInvoiceWithEmail(fx.actor, id, { email: { to: [bad], subject: "S", message: "M" } });
    const row = await waitForDelivery(delivery!.id, "failed", 60_000);
    expect(row.attempts).toBe(3);
    expect(row.last_error).toMatch(/550/);
    const attempts = await attemptsOf(delivery!.id);
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "failed"],
    ]);
    expect(attempts.every((a) => /550/.test(a.error ?? ""))).toBe(true);
    const failures = await owner<{ job: string; attempts: number; error: string }[]>`
      select job, attempts, error from job_failures where workspace_id = ${fx.workspaceId} and job = 'invoices.email'`;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ attempts: 3 });
    expect(failures[0]!.error).toMatch(/550/);
    // The invoice page's list shows it failed, with the reason.
    const [shown] = await invoices.listInvoiceDeliveries(fx.actor, id);
    expect(shown).toMatchObject({ status: "failed", attempts: 3 });
    expect(shown!.lastError).toMatch(/550/);
    const [audit] =
      await owner`select detail from audit_events where workspace_id = ${fx.workspaceId} and action = 'invoice.email_failed' and target_id = ${id}`;
    expect(audit?.detail).toMatchObject({ recipients: 1, attempts: 3 });
  });

  it("a temporary refusal is retried with backoff and then sent once", async () => {
    const flaky = clientEmail();
    rejectOnce.add(flaky);
    const id = await newDraft();
    const { delivery } = await invoices.sendInvoiceWithEmail(fx.actor, id, { email: { to: [flaky], subject: "S", message: "M" } });
    await waitForDelivery(delivery!.id, "sent");
    const attempts = await attemptsOf(delivery!.id);
    expect(attempts.map((a) => a.outcome)).toEqual(["failed", "sent"]);
    expect(attempts[0]!.error).toMatch(/451/);
    expect(received.filter((m) => m.to.includes(flaky))).toHaveLength(1);
  });

  it("a job retried after its send committed (a crash before the queue heard of it) does not send twice", async () => {
    const addr = clientEmail();
    const id = await newDraft();
    const jobs = await emailJobCount();
    const sent = await invoices.sendInvoiceWithEmail(fx.actor, id, { email: { to: [addr], subject: "Once", message: "M" } });
    const deliveryId = sent.delivery!.id;
    expect(await emailJobCount()).toBe(jobs + 1);
    const [job] = await owner<{ id: string }[]>`
      select id::text from workledger_jobs.job where name = 'invoices.email' and data->'data'->>'deliveryId' = ${deliveryId}`;
    // Too late for the first run, which may already be under way; so the crash is tested on a second delivery below too.
    crashAfterCommitOf.add(job!.id);
    await waitForDelivery(deliveryId, "sent");
    expect(await queue.waitFor("invoices.email", job!.id, 30_000)).toBe(true);

    // Run the job for the same delivery again, as a retry would: it finds the delivery sent and does nothing.
    const t0 = received.length;
    await withTenant({ workspaceId: asWorkspaceId(fx.workspaceId) }, (t) =>
      invoiceEmailJob.run(t, { id: job!.id, data: { deliveryId }, attempt: 1 }),
    );
    expect(received.length).toBe(t0);
    expect(received.filter((m) => m.to.includes(addr))).toHaveLength(1);
    expect((await attemptsOf(deliveryId)).map((a) => a.outcome)).toEqual(["sent"]);
    const [effects] = await owner<{ n: number }[]>`
      select count(*)::int as n from job_effects where workspace_id = ${fx.workspaceId} and job = 'invoices.email' and effect_key = ${deliveryId}`;
    expect(effects!.n).toBe(1);
  });

  it("the queue retries a job whose commit was not acknowledged, and the retry sends nothing", async () => {
    const addr = clientEmail();
    // A delivery written without its job (as after a crash between the request's commit and the queuing),
    // then queued by the sweep with the crash armed before the job can run.
    const id = await newDraft();
    await invoices.sendInvoice(fx.actor, id);
    const [row] = await owner<{ id: string }[]>`
      insert into invoice_deliveries (workspace_id, invoice_id, recipients, subject, body, sender_name, created_by_label, created_at)
      values (${fx.workspaceId}, ${id}, ${[addr]}, 'Swept', 'Body {link}', 'Sender', 'test', ${new Date(now().getTime() - 5 * 60_000).toISOString()}::timestamptz) returning id::text`;
    const deliveryId = row!.id;
    // The job id the sweep will use: pg-boss's row appears once the sweep queued it.
    const armed = (async () => {
      for (let i = 0; i < 100; i++) {
        const [j] = await owner<{ id: string }[]>`
          select id::text from workledger_jobs.job where name = 'invoices.email' and data->'data'->>'deliveryId' = ${deliveryId}`;
        if (j) return j.id;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error("the sweep queued no job");
    })();
    await withTenant({ workspaceId: asWorkspaceId(fx.workspaceId) }, (t) =>
      invoiceEmailSweepJob.run(t, { id: "sweep", data: {}, attempt: 0 }),
    );
    const jobId = await armed;
    crashAfterCommitOf.add(jobId);
    await waitForDelivery(deliveryId, "sent");
    // Whether or not the crash hit the first run (polling may have been quicker than arming), the job ends completed, sent once.
    expect(await queue.waitFor("invoices.email", jobId, 30_000)).toBe(true);
    expect(received.filter((m) => m.to.includes(addr))).toHaveLength(1);
    expect((await attemptsOf(deliveryId)).map((a) => a.outcome)).toEqual(["sent"]);
    // The sweep again: the delivery is sent, so nothing more is queued.
    const jobs = await emailJobCount();
    await withTenant({ workspaceId: asWorkspaceId(fx.workspaceId) }, (t) =>
      invoiceEmailSweepJob.run(t, { id: "sweep", data: {}, attempt: 0 }),
    );
    expect(await emailJobCount()).toBe(jobs);
  });

  it("resend queues the same message again as a new delivery; an already sent invoice can be emailed again", async () => {
    const addr = clientEmail();
    const id = await newDraft();
    const first = await invoices.sendInvoiceWithEmail(fx.actor, id, {
      email: { to: [addr], subject: "Again {invoice_number}", message: "M" },
    });
    await waitForDelivery(first.delivery!.id, "sent");
    const res = await api<{ id: string; status: string; subject: string }>(
      "POST",
      `/api/v1/invoices/${id}/deliveries/${first.delivery!.id}/resend`,
      { token: adminKey },
    );
    const again = expectJson(res, 202);
    expect(again.id).not.toBe(first.delivery!.id);
    expect(again.subject).toBe(`Again ${first.invoice.number}`);
    await waitForDelivery(again.id, "sent");
    // "Send again" through the API: the invoice keeps its status and number.
    const other = clientEmail();
    const third = expectJson(
      await api<{ status: string; number: string }>("POST", `/api/v1/invoices/${id}/send`, {
        token: adminKey,
        body: { email: { to: [other], subject: "Third", message: "M" } },
      }),
      200,
    );
    expect(third).toMatchObject({ status: "sent", number: first.invoice.number });
    expect(await deliveryCount(id)).toBe(3);
    // Without an email, sending a sent invoice is still refused.
    expectProblem(await api("POST", `/api/v1/invoices/${id}/send`, { token: adminKey }), 409);
    // A void invoice is not emailed.
    await invoices.voidInvoice(fx.actor, fx.draftInvoiceId);
    expectProblem(
      await api("POST", `/api/v1/invoices/${fx.draftInvoiceId}/send`, {
        token: adminKey,
        body: { email: { to: [other], subject: "S", message: "M" } },
      }),
      409,
    );
    for (let i = 0; i < 100 && received.filter((m) => m.to.includes(addr)).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(received.filter((m) => m.to.includes(addr))).toHaveLength(2);
  });
});

describe("email templates over the API", () => {
  it("lists the defaults, saves, refuses bad templates by field, resets; members read but may not change", async () => {
    const list = expectJson(
      await api<{ data: { kind: string; customized: boolean; subject: string }[] }>("GET", "/api/v1/email-templates", { token: adminKey }),
      200,
    );
    expect(list.data).toEqual([
      expect.objectContaining({ kind: "invoice", customized: false, subject: "Invoice {invoice_number} from {workspace_name}" }),
      // The wording new payment reminder rules start with (src/modules/reminders/).
      expect.objectContaining({ kind: "reminder_before", customized: false }),
      expect.objectContaining({ kind: "reminder_on", customized: false }),
      expect.objectContaining({ kind: "reminder_after", customized: false }),
    ]);

    const saved = expectJson(
      await api<{ subject: string; customized: boolean }>("PUT", "/api/v1/email-templates/invoice", {
        token: adminKey,
        body: { subject: "Your invoice {invoice_number}", message: "Dear {client_name}, {balance_due} by {due_date}. {link}" },
      }),
      200,
    );
    expect(saved).toMatchObject({ subject: "Your invoice {invoice_number}", customized: true });
    expect(
      expectJson(await api<{ customized: boolean }>("GET", "/api/v1/email-templates/invoice", { token: memberKey }), 200).customized,
    ).toBe(true);

    const bad = expectProblem(
      await api("PUT", "/api/v1/email-templates/invoice", { token: adminKey, body: { subject: "{nope}", message: "{link} {bogus}" } }),
      422,
    );
    expect(bad.errors?.subject?.[0]).toContain("{nope}");
    expect(bad.errors?.message?.[0]).toContain("{bogus}");
    expect(
      expectProblem(await api("PUT", "/api/v1/email-templates/invoice", { token: adminKey, body: { subject: "", message: "x" } }), 422)
        .errors?.subject,
    ).toEqual(["Subject is required"]);
    expectProblem(
      await api("PUT", "/api/v1/email-templates/invoice", { token: adminKey, body: { subject: "x".repeat(201), message: "x" } }),
      400,
    );
    expect((await api("PUT", "/api/v1/email-templates/reminder", { token: adminKey, body: { subject: "x", message: "x" } })).status).toBe(
      404,
    );
    expectProblem(await api("PUT", "/api/v1/email-templates/invoice", { token: memberKey, body: { subject: "x", message: "x" } }), 403);
    expectProblem(await api("DELETE", "/api/v1/email-templates/invoice", { token: memberKey }), 403);

    // The dialog's draft uses the saved template.
    const id = await newDraft();
    const view = await getInvoiceView({ ...fx.actor, workspaceName: fx.name }, id);
    expect(view.emailDraft.subject).toBe("Your invoice {invoice_number}");
    expect(view.emailDraft.message).toMatch(/^Dear Fixture Client, €120\.50 by \d{4}-\d{2}-\d{2}\. \{link\}$/);

    const reset = expectJson(
      await api<{ customized: boolean; subject: string }>("DELETE", "/api/v1/email-templates/invoice", { token: adminKey }),
      200,
    );
    expect(reset).toMatchObject({ customized: false, subject: "Invoice {invoice_number} from {workspace_name}" });
    const [rows] = await owner<{ n: number }[]>`select count(*)::int as n from email_templates where workspace_id = ${fx.workspaceId}`;
    expect(rows!.n).toBe(0);
  });
});
