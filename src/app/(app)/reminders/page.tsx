import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { can } from "@/platform/permissions";
import { getReminderSettings } from "@/modules/reminders/reminders.service";
import { NewReminderRuleForm, ReminderRuleForm, RemindersSwitch } from "./reminder-forms";
import "../invoices/invoices.css";

export const metadata = { title: "Payment reminders" };

/** The workspace's payment reminders: the switch and the rules (admins change them, everyone may read). */
export default async function RemindersPage() {
  const tenant = await requireTenant();
  const { enabled, rules } = await getReminderSettings(tenant);
  const manage = can(tenant.role, "reminders.manage");
  return (
    <>
      <h1>Payment reminders</h1>
      <p>
        Emails to clients about open invoices (sent or overdue, with a balance due), each rule once per invoice, with the invoice PDF
        attached. When several rules are due at once, only the latest is sent. Invoices can opt out with &ldquo;Don&rsquo;t remind&rdquo;.
      </p>
      {manage ? <RemindersSwitch enabled={enabled} /> : <p>Reminders are {enabled ? "on" : "off"} for this workspace.</p>}
      {rules.length === 0 ? <p>No reminder rules yet.</p> : null}
      {rules.map((r) => (
        <ReminderRuleForm key={r.id} rule={r} readOnly={!manage} />
      ))}
      {manage ? <NewReminderRuleForm /> : null}
      <p>
        <Link href="/invoice-settings">← Invoice settings</Link>
      </p>
    </>
  );
}
