import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCapture, useSmtpUrl, type CapturedMail, type SmtpCapture } from "../support/smtp-capture";
import { withTenant } from "@/platform/db/tenant";
import { toProblem } from "@/platform/errors";
import { pinClockForTests, setClockForTests } from "@/lib/clock";
import { addDays } from "@/lib/dates";
import { asWorkspaceId } from "@/lib/ids";
import { invoiceEmailJob } from "@/modules/invoices/invoice-email-job";
import * as invoices from "@/modules/invoices/invoices.service";
import { recordPayment } from "@/modules/payments/payments.service";
import * as reminders from "@/modules/reminders/reminders.service";
import { reminderJob } from "@/modules/reminders/reminder-job";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";
import { api, expectJson, expectProblem, fieldErrors, keyFor } from "../support/api";
import { appErrorOf } from "../support/outcome";
import { decodeWords, parseMail } from "../support/mime";

/*
 * Payment reminders on the real database and an in-process SMTP server, with the clock pinned and walked
 * day by day. No queue runs in this process: the tests run the reminder job and then the invoice email
 * job for each queued delivery themselves, so every step happens in a known order.
 */
const owner = ownerSql();
let received: CapturedMail[] = [];
let smtp: SmtpCapture | undefined;
let restoreSmtp: (() => void) | undefined;
const START = "2026-12-01T09:00:00.000Z";

beforeAll(async () => {
  smtp = await startSmtpCapture();
  received = smtp.received;
  restoreSmtp = useSmtpUrl(smtp.url);
});

afterEach(() => setClockForTests(null));

afterAll(async () => {
  restoreSmtp?.();
  await smtp?.close();
  await owner.end();
});

/** A workspace whose client has an email, with the four example rules and (unless told) reminders on. */
async function reminderWorkspace(
  tag: string,
  opts: { enabled?: boolean; rules?: number[] } = {},
): Promise<WorkspaceFixture & { email: string }> {
  const fx = await workspaceFixture(owner, "admin", tag);
  const email = `billing-${randomUUID().slice(0, 8)}@client.test`;
  await owner`update clients set email = ${email} where workspace_id = ${fx.workspaceId} and id = ${fx.clientId}`;
  // The fixture's own sent invoice stays out of the way.
  await owner`update invoices set reminders_paused = true where workspace_id = ${fx.workspaceId} and id = ${fx.sentInvoiceId}`;
  for (const offsetDays of opts.rules ?? [-3, 0, 7, 14]) await reminders.createReminderRule(fx.actor, { offsetDays });
  if (opts.enabled ?? true) await reminders.setRemindersEnabled(fx.actor, { enabled: true });
  return { ...fx, email };
}

let counter = 100;
/** A sent invoice of 100.00 EUR with one line, due on `dueDate`. */
async function openInvoice(fx: WorkspaceFixture, dueDate: string, status: "sent" | "overdue" = "sent"): Promise<string> {
  const issue = addDays(dueDate, -30);
  const [row] = await owner<{ id: string }[]>`
    insert into invoices (workspace_id, client_id, number, status, currency, issue_date, due_date, subtotal_minor, total_minor, balance_due_minor, sent_at)
    values (${fx.workspaceId}, ${fx.clientId}, ${`R-${++counter}`}, ${status}, 'EUR', ${issue}, ${dueDate}, 10000, 10000, 10000, ${START}::timestamptz)
    returning id`;
  await owner`insert into invoice_lines (workspace_id, invoice_id, position, description, quantity_milli, unit_price_minor, net_minor, tax_minor)
              values (${fx.workspaceId}, ${row!.id}, 1, 'Retainer', 1000, 10000, 10000, 0)`;
  return row!.id;
}

/** Runs the invoice email job for every queued delivery of the workspace, as the queue would. */
async function deliverQueued(workspaceId: string): Promise<void> {
  const rows = await owner<{ id: string }[]>`
    select id from invoice_deliveries where workspace_id = ${workspaceId} and status = 'queued' order by created_at`;
  for (const { id } of rows) {
    await withTenant({ workspaceId: asWorkspaceId(workspaceId) }, (t) =>
      invoiceEmailJob.run(t, { id: randomUUID(), data: { deliveryId: id }, attempt: 0 }),
    );
  }
}

const remindersOf = (workspaceId: string, invoiceId: string) =>
  owner<{ offset_days: number; status: string; reason: string | null; due_on: string; delivery_status: string | null }[]>`
    select r.offset_days, r.status, r.reason, r.due_on::text as due_on, d.status as delivery_status
    from invoice_reminders r left join invoice_deliveries d on d.workspace_id = r.workspace_id and d.id = r.delivery_id
    where r.workspace_id = ${workspaceId} and r.invoice_id = ${invoiceId} order by r.offset_days`;

const mailsTo = (email: string) => received.filter((m) => m.to.includes(email)).map((m) => parseMail(m.raw));

async function runDay(fx: WorkspaceFixture, day: string) {
  pinClockForTests(`${day}T09:00:00.000Z`);
  const result = await reminders.runRemindersFor(asWorkspaceId(fx.workspaceId));
  await deliverQueued(fx.workspaceId);
  return result;
}

describe("reminder rules", () => {
  it("creates rules worded for before, on and after the due date, and refuses bad input without writing anything", async () => {
    const fx = await reminderWorkspace("rem-rules", { rules: [], enabled: false });
    const before = await reminders.createReminderRule(fx.actor, { offsetDays: -3 });
    const on = await reminders.createReminderRule(fx.actor, { offsetDays: 0 });
    const after = await reminders.createReminderRule(fx.actor, { offsetDays: 7, subject: "Still open: {invoice_number}" });
    expect(before.subject).toBe("Reminder: invoice {invoice_number} is due on {due_date}");
    expect(on.subject).toBe("Invoice {invoice_number} is due today");
    expect(after.subject).toBe("Still open: {invoice_number}");
    expect(after.message).toContain("is still unpaid");

    const count = async () =>
      (await owner<{ n: number }[]>`select count(*)::int as n from reminder_rules where workspace_id = ${fx.workspaceId}`)[0]!.n;
    // The unique key is the judge (also for two requests at once); the one error mapping answers 409 on the field.
    const dup = toProblem(await reminders.createReminderRule(fx.actor, { offsetDays: 7 }).catch((e: unknown) => e));
    expect(dup.status).toBe(409);
    expect(JSON.stringify(dup.body)).toMatch(/already a rule/);
    for (const offsetDays of [-61, 366, 1.5]) {
      const err = await appErrorOf(reminders.createReminderRule(fx.actor, { offsetDays }));
      expect(err.status).toBe(422);
      expect(err.fieldErrors?.offsetDays).toBeDefined();
    }
    const unknown = await appErrorOf(
      reminders.createReminderRule(fx.actor, { offsetDays: 30, subject: "Pay {amount}", message: "{link} {iban}" }),
    );
    expect(unknown.fieldErrors?.subject?.[0]).toContain("{amount}");
    expect(unknown.fieldErrors?.message?.[0]).toContain("{iban}");
    const empty = await appErrorOf(reminders.createReminderRule(fx.actor, { offsetDays: 30, subject: "  " }));
    expect(empty.fieldErrors?.subject?.[0]).toBe("Subject is required");
    expect(await count()).toBe(3);

    // Moving a rule onto another's day is refused as well; the rule is unchanged.
    expect(toProblem(await reminders.updateReminderRule(fx.actor, after.id, { offsetDays: 0 }).catch((e: unknown) => e)).status).toBe(409);
    const moved = await reminders.updateReminderRule(fx.actor, after.id, { offsetDays: 10, message: "Hello {client_name}" });
    expect(moved).toMatchObject({ offsetDays: 10, subject: "Still open: {invoice_number}", message: "Hello {client_name}" });
    await reminders.deleteReminderRule(fx.actor, on.id);
    expect((await appErrorOf(reminders.getReminderRule(fx.actor, on.id))).status).toBe(404);
    expect((await reminders.listReminderRules(fx.actor)).map((r) => r.offsetDays)).toEqual([-3, 10]);
    const audit = await owner<{ action: string }[]>`
      select action from audit_events where workspace_id = ${fx.workspaceId} and action like 'reminder_rule.%' order by created_at, id`;
    expect(audit.map((a) => a.action)).toEqual([
      "reminder_rule.created",
      "reminder_rule.created",
      "reminder_rule.created",
      "reminder_rule.updated",
      "reminder_rule.deleted",
    ]);
  });

  it("is off for a new workspace: rules and a due invoice, and nothing is queued", async () => {
    pinClockForTests(START);
    const fx = await reminderWorkspace("rem-off", { enabled: false });
    expect((await reminders.getReminderSettings(fx.actor)).enabled).toBe(false);
    const inv = await openInvoice(fx, "2026-11-01");
    expect(await runDay(fx, "2026-12-01")).toEqual({ queued: [], skipped: 0 });
    expect(await remindersOf(fx.workspaceId, inv)).toEqual([]);
    expect((await reminders.getInvoiceReminders(fx.actor, inv)).next).toEqual({ kind: "off", reason: "workspace_off" });
  });
});

describe("the reminder job", () => {
  it("sends each rule on its day, once, with the PDF attached, walking the clock day by day", async () => {
    pinClockForTests(START);
    const fx = await reminderWorkspace("rem-walk");
    const inv = await openInvoice(fx, "2026-12-10");
    expect((await reminders.getInvoiceReminders(fx.actor, inv)).next).toMatchObject({
      kind: "scheduled",
      on: "2026-12-07",
      offsetDays: -3,
    });
    const sentOn: Record<string, number[]> = {};
    for (let day = "2026-12-01"; day <= "2027-01-10"; day = addDays(day, 1)) {
      const { queued } = await runDay(fx, day);
      // The same day again (a second period, another instance) sends nothing more.
      expect((await reminders.runRemindersFor(asWorkspaceId(fx.workspaceId))).queued).toEqual([]);
      if (queued.length > 0)
        sentOn[day] = (await remindersOf(fx.workspaceId, inv)).filter((r) => r.due_on === day).map((r) => r.offset_days);
    }
    expect(sentOn).toEqual({ "2026-12-07": [-3], "2026-12-10": [0], "2026-12-17": [7], "2026-12-24": [14] });
    expect((await remindersOf(fx.workspaceId, inv)).map((r) => [r.offset_days, r.status, r.delivery_status])).toEqual([
      [-3, "sent", "sent"],
      [0, "sent", "sent"],
      [7, "sent", "sent"],
      [14, "sent", "sent"],
    ]);
    const mails = mailsTo(fx.email);
    expect(mails.map((m) => decodeWords(m.headers.subject!))).toEqual([
      expect.stringMatching(/^Reminder: invoice R-\d+ is due on 2026-12-10$/),
      expect.stringMatching(/^Invoice R-\d+ is due today$/),
      expect.stringMatching(/^Overdue: invoice R-\d+ was due on 2026-12-10$/),
      expect.stringMatching(/^Overdue: invoice R-\d+ was due on 2026-12-10$/),
    ]);
    expect(mails[0]!.text).toContain("The balance due is €100.00");
    // Signed like the invoice email: no legal name in the settings, so the workspace's name.
    expect(mails[0]!.text).toContain(fx.name);
    for (const m of mails) expect(m.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
    expect((await reminders.getInvoiceReminders(fx.actor, inv)).next).toEqual({ kind: "off", reason: "none_left" });
  });

  it("sends only the latest rule due when several are due at once, and records the earlier ones as skipped", async () => {
    pinClockForTests(START);
    const fx = await reminderWorkspace("rem-late", { enabled: false });
    const inv = await openInvoice(fx, "2026-11-11", "overdue"); // 20 days late on 2026-12-01
    await reminders.setRemindersEnabled(fx.actor, { enabled: true });
    const result = await runDay(fx, "2026-12-01");
    expect(result.queued).toHaveLength(1);
    expect(result.skipped).toBe(3);
    const rows = await remindersOf(fx.workspaceId, inv);
    expect(rows.map((r) => [r.offset_days, r.status])).toEqual([
      [-3, "skipped"],
      [0, "skipped"],
      [7, "skipped"],
      [14, "sent"],
    ]);
    expect(rows[0]!.reason).toMatch(/later reminder \(14 days after due\)/);
    expect(mailsTo(fx.email)).toHaveLength(1);
    // A rule added later for a day already past is not sent after the later one.
    await reminders.createReminderRule(fx.actor, { offsetDays: 10 });
    expect(await runDay(fx, "2026-12-02")).toEqual({ queued: [], skipped: 1 });
    expect(mailsTo(fx.email)).toHaveLength(1);
  });

  it("stops for paid and void invoices, also when the reminder was queued before the payment", async () => {
    pinClockForTests(START);
    const fx = await reminderWorkspace("rem-paid", { rules: [0] });
    const paidFirst = await openInvoice(fx, "2026-12-01");
    const queuedThenPaid = await openInvoice(fx, "2026-12-01");
    const queuedThenVoid = await openInvoice(fx, "2026-12-01");
    await recordPayment(fx.actor, paidFirst, { amount: "100.00", paidOn: "2026-12-01", method: "bank_transfer" });

    const { queued } = await reminders.runRemindersFor(asWorkspaceId(fx.workspaceId));
    expect(queued).toHaveLength(2);
    expect(await remindersOf(fx.workspaceId, paidFirst)).toEqual([]);
    // Paid and voided after the reminders were queued, before the email job ran.
    await recordPayment(fx.actor, queuedThenPaid, { amount: "100.00", paidOn: "2026-12-01", method: "card" });
    await invoices.voidInvoice(fx.actor, queuedThenVoid);
    await deliverQueued(fx.workspaceId);
    expect(mailsTo(fx.email)).toEqual([]);
    expect(await remindersOf(fx.workspaceId, queuedThenPaid)).toEqual([
      expect.objectContaining({
        status: "cancelled",
        reason: "The invoice was paid before the reminder was sent",
        delivery_status: "cancelled",
      }),
    ]);
    expect(await remindersOf(fx.workspaceId, queuedThenVoid)).toEqual([
      expect.objectContaining({
        status: "cancelled",
        reason: "The invoice was voided before the reminder was sent",
        delivery_status: "cancelled",
      }),
    ]);
    // The cancelled deliveries left the queue: the job run again does nothing.
    await deliverQueued(fx.workspaceId);
    expect(mailsTo(fx.email)).toEqual([]);
    expect((await reminders.getInvoiceReminders(fx.actor, queuedThenPaid)).next).toEqual({ kind: "off", reason: "not_open" });
  });

  it("skips paused invoices (Don't remind, audited) and clients without an email", async () => {
    pinClockForTests(START);
    const fx = await reminderWorkspace("rem-pause", { rules: [7] });
    const inv = await openInvoice(fx, "2026-11-20");
    const paused = await reminders.setInvoiceRemindersPaused(fx.actor, inv, { paused: true });
    expect(paused).toMatchObject({ paused: true, next: { kind: "off", reason: "paused" } });
    expect((await runDay(fx, "2026-12-01")).queued).toEqual([]);

    // Paused while a reminder waits in the queue: cancelled at sending time.
    const resumed = await reminders.setInvoiceRemindersPaused(fx.actor, inv, { paused: false });
    expect(resumed.next).toEqual({ kind: "scheduled", on: "2026-12-01", ruleId: expect.any(String), offsetDays: 7 });
    expect((await reminders.runRemindersFor(asWorkspaceId(fx.workspaceId))).queued).toHaveLength(1);
    await reminders.setInvoiceRemindersPaused(fx.actor, inv, { paused: true });
    await deliverQueued(fx.workspaceId);
    expect(await remindersOf(fx.workspaceId, inv)).toEqual([
      expect.objectContaining({ status: "cancelled", reason: "Reminders were turned off for this invoice" }),
    ]);
    expect(mailsTo(fx.email)).toEqual([]);
    const audit = await owner<{ action: string }[]>`
      select action from audit_events where workspace_id = ${fx.workspaceId} and target_id = ${inv} order by created_at, id`;
    expect(audit.map((a) => a.action)).toEqual([
      "invoice.reminders_paused",
      "invoice.reminders_resumed",
      "invoice.reminder_queued",
      "invoice.reminders_paused",
      "invoice.reminder_cancelled",
    ]);

    const noEmail = await reminderWorkspace("rem-noemail", { rules: [7] });
    await owner`update clients set email = null where workspace_id = ${noEmail.workspaceId}`;
    const inv2 = await openInvoice(noEmail, "2026-11-20");
    expect((await reminders.runRemindersFor(asWorkspaceId(noEmail.workspaceId))).queued).toEqual([]);
    expect((await reminders.getInvoiceReminders(noEmail.actor, inv2)).next).toEqual({ kind: "off", reason: "no_email" });
  });

  it("queues each reminder once when runs of the job collide, and never touches another workspace", async () => {
    pinClockForTests(START);
    const fx = await reminderWorkspace("rem-race", { rules: [0, 7] });
    const other = await reminderWorkspace("rem-other", { rules: [0, 7] });
    const ids = await Promise.all(Array.from({ length: 12 }, () => openInvoice(fx, "2026-11-20")));
    const otherInvoice = await openInvoice(other, "2026-11-20");
    const ws = asWorkspaceId(fx.workspaceId);
    const viaJob = () => withTenant({ workspaceId: ws }, (t) => reminderJob.run(t, { id: randomUUID(), data: {}, attempt: 0 }));
    const [a, b] = await Promise.all([reminders.runRemindersFor(ws), reminders.runRemindersFor(ws), viaJob(), viaJob()]);
    expect(a.queued.length + b.queued.length).toBeLessThanOrEqual(12);
    const [counts] = await owner<{ reminders: number; deliveries: number; skipped: number }[]>`
      select (select count(*)::int from invoice_reminders where workspace_id = ${fx.workspaceId} and status = 'queued') as reminders,
             (select count(*)::int from invoice_reminders where workspace_id = ${fx.workspaceId} and status = 'skipped') as skipped,
             (select count(*)::int from invoice_deliveries where workspace_id = ${fx.workspaceId} and id <> ${fx.deliveryId}) as deliveries`;
    // (The fixture's own sent delivery is not a reminder's.)
    expect(counts).toEqual({ reminders: 12, skipped: 12, deliveries: 12 });
    await deliverQueued(fx.workspaceId);
    expect(mailsTo(fx.email)).toHaveLength(12);
    for (const id of ids)
      expect((await remindersOf(fx.workspaceId, id)).map((r) => [r.offset_days, r.status])).toEqual([
        [0, "skipped"],
        [7, "sent"],
      ]);
    // The unique key itself: a second row for the same invoice and rule is refused by the database.
    const [row] = await owner<
      { rule_id: string }[]
    >`select rule_id from invoice_reminders where workspace_id = ${fx.workspaceId} and invoice_id = ${ids[0]!} limit 1`;
    await expect(
      owner`insert into invoice_reminders (workspace_id, invoice_id, rule_id, offset_days, due_on, status) values (${fx.workspaceId}, ${ids[0]!}, ${row!.rule_id}, 0, '2026-11-20', 'skipped')`,
    ).rejects.toThrow(/invoice_reminders_once/);
    // Workspace A's runs never looked at B's invoice.
    expect(await remindersOf(other.workspaceId, otherInvoice)).toEqual([]);
    expect(mailsTo(other.email)).toEqual([]);
  });
});

describe("reminders over the API", () => {
  it("lists, creates, updates and deletes rules and the switch; members may read but not change; bad input is a 4xx that writes nothing", async () => {
    pinClockForTests(START);
    const fx = await reminderWorkspace("rem-api", { rules: [], enabled: false });
    setClockForTests(null);
    const adminKey = await keyFor(fx.actor, "admin");
    const memberKey = await keyFor(fx.actor, "member");
    expect(expectJson(await api("GET", "/api/v1/reminders", { token: memberKey }), 200)).toEqual({ enabled: false, rules: [] });
    const created = expectJson(
      await api<{ id: string; offset_days: number; subject: string }>("POST", "/api/v1/reminder-rules", {
        token: adminKey,
        body: { offset_days: -3 },
      }),
      201,
    );
    expect(created).toMatchObject({ offset_days: -3, subject: "Reminder: invoice {invoice_number} is due on {due_date}" });
    expect(
      fieldErrors(
        expectProblem(await api("POST", "/api/v1/reminder-rules", { token: adminKey, body: { offset_days: -3 } }), 409),
        "offset_days",
      ),
    ).toBeDefined();
    expect(
      fieldErrors(
        expectProblem(await api("POST", "/api/v1/reminder-rules", { token: adminKey, body: { offset_days: 400 } }), 422),
        "offset_days",
      ),
    ).toBeDefined();
    expect(
      fieldErrors(
        expectProblem(await api("POST", "/api/v1/reminder-rules", { token: adminKey, body: { offset_days: "7" } }), 400),
        "offset_days",
      ),
    ).toBeDefined();
    const bad = expectProblem(
      await api("POST", "/api/v1/reminder-rules", { token: adminKey, body: { offset_days: 7, subject: "{nope}", message: "" } }),
      422,
    );
    expect(fieldErrors(bad, "subject")?.[0]).toContain("{nope}");
    expectProblem(await api("POST", "/api/v1/reminder-rules", { token: adminKey, body: { offset_days: 7, subject: "" } }), 422);
    expectProblem(await api("PATCH", `/api/v1/reminder-rules/${created.id}`, { token: adminKey, body: {} }), 422);
    expectProblem(await api("PATCH", `/api/v1/reminder-rules/${randomUUID()}`, { token: adminKey, body: { offset_days: 5 } }), 404);
    expect(
      expectJson(
        await api("PATCH", `/api/v1/reminder-rules/${created.id}`, {
          token: adminKey,
          body: { offset_days: -5, subject: "Soon: {invoice_number}" },
        }),
        200,
      ),
    ).toMatchObject({ offset_days: -5, subject: "Soon: {invoice_number}" });
    expect(expectJson(await api<{ data: unknown[] }>("GET", "/api/v1/reminder-rules", { token: memberKey }), 200).data).toHaveLength(1);
    expect(expectJson(await api("GET", `/api/v1/reminder-rules/${created.id}`, { token: memberKey }), 200)).toMatchObject({
      offset_days: -5,
    });

    // Members: 403 on every change, before validation.
    expectProblem(await api("POST", "/api/v1/reminder-rules", { token: memberKey, body: { offset_days: 1 } }), 403);
    expectProblem(await api("POST", "/api/v1/reminder-rules", { token: memberKey, body: { offset_days: "bad" } }), 403);
    expectProblem(await api("PATCH", `/api/v1/reminder-rules/${created.id}`, { token: memberKey, body: { offset_days: 1 } }), 403);
    expectProblem(await api("DELETE", `/api/v1/reminder-rules/${created.id}`, { token: memberKey }), 403);
    expectProblem(await api("PUT", "/api/v1/reminders", { token: memberKey, body: { enabled: true } }), 403);
    expectProblem(await api("PUT", `/api/v1/invoices/${fx.sentInvoiceId}/reminders`, { token: memberKey, body: { paused: false } }), 403);
    const [rules] = await owner<{ n: number }[]>`select count(*)::int as n from reminder_rules where workspace_id = ${fx.workspaceId}`;
    expect(rules!.n).toBe(1);

    expectProblem(await api("PUT", "/api/v1/reminders", { token: adminKey, body: { enabled: "yes" } }), 400);
    expect(expectJson(await api("PUT", "/api/v1/reminders", { token: adminKey, body: { enabled: true } }), 200)).toMatchObject({
      enabled: true,
    });

    const inv = expectJson(
      await api<{ paused: boolean; next: { off_reason: string | null } }>("PUT", `/api/v1/invoices/${fx.sentInvoiceId}/reminders`, {
        token: adminKey,
        body: { paused: true },
      }),
      200,
    );
    expect(inv).toMatchObject({ paused: true, workspace_enabled: true, next: { on: null, off_reason: "paused" } });
    const open = expectJson(
      await api<{ next: { on: string | null } }>("PUT", `/api/v1/invoices/${fx.sentInvoiceId}/reminders`, {
        token: adminKey,
        body: { paused: false },
      }),
      200,
    );
    expect(open.next.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(expectJson(await api("GET", `/api/v1/invoices/${fx.sentInvoiceId}/reminders`, { token: memberKey }), 200)).toMatchObject({
      paused: false,
      reminders: [],
    });
    expectProblem(await api("GET", `/api/v1/invoices/${randomUUID()}/reminders`, { token: memberKey }), 404);

    expect((await api("DELETE", `/api/v1/reminder-rules/${created.id}`, { token: adminKey })).status).toBe(204);
    expectProblem(await api("DELETE", `/api/v1/reminder-rules/${created.id}`, { token: adminKey }), 404);
  });

  it("a member's service calls are refused with forbidden", async () => {
    const fx = await workspaceFixture(owner, "member", "rem-member");
    expect((await appErrorOf(reminders.createReminderRule(fx.actor, { offsetDays: 1 }))).code).toBe("forbidden");
    expect((await appErrorOf(reminders.setRemindersEnabled(fx.actor, { enabled: true }))).code).toBe("forbidden");
    expect((await appErrorOf(reminders.setInvoiceRemindersPaused(fx.actor, fx.sentInvoiceId, { paused: true }))).code).toBe("forbidden");
    expect(await reminders.getReminderSettings(fx.actor)).toEqual({ enabled: false, rules: [] });
  });
});
