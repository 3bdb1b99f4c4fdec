import { describeOffset } from "@/lib/reminder-offsets";
import type { InvoiceRemindersDto, NextReminder } from "@/modules/reminders/reminders.schemas";
import { DontRemindToggle } from "./dont-remind-toggle";

const OFF: Record<Extract<NextReminder, { kind: "off" }>["reason"], string> = {
  workspace_off: "Reminders are off for this workspace.",
  paused: "Reminders are off for this invoice.",
  not_open: "No reminders: the invoice is not open.",
  no_email: "No reminders: the client has no email address.",
  no_rules: "No reminder rules are set up.",
  none_left: "No more reminders are due for this invoice.",
};

function nextText(next: NextReminder): string {
  return next.kind === "off" ? OFF[next.reason] : `Next reminder on ${next.on} (${describeOffset(next.offsetDays)}).`;
}

/** The invoice page's reminders: those sent (or skipped, cancelled), the next one due, and Don't remind. */
export function RemindersPanel({
  invoiceId,
  reminders: r,
  canPause,
}: {
  invoiceId: string;
  reminders: InvoiceRemindersDto;
  canPause: boolean;
}) {
  return (
    <section className="panel" aria-label="Reminders">
      <h2>Reminders</h2>
      <p>{nextText(r.next)}</p>
      {r.reminders.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Rule</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {r.reminders.map((x) => (
              <tr key={x.id}>
                <td>{x.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                <td>{describeOffset(x.offsetDays)}</td>
                <td>
                  {x.status}
                  {x.reason ? ` — ${x.reason}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canPause ? <DontRemindToggle invoiceId={invoiceId} paused={r.paused} /> : null}
    </section>
  );
}
