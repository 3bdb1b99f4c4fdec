import { addDays } from "@/lib/dates";
import { describeOffset } from "@/lib/reminder-offsets";
import type { NextReminder } from "./reminders.schemas";

export interface PlanRule {
  id: string;
  offsetDays: number;
}

/** The day a rule falls due for an invoice. */
export const ruleDay = (dueDate: string, rule: PlanRule): string => addDays(dueDate, rule.offsetDays);

export interface ReminderPlan<R extends PlanRule> {
  /** The rule to send now, if any: the latest of those due. */
  send: R | null;
  /** Rules due but not applied that will never be sent, each with why. */
  skip: { rule: R; reason: string }[];
}

/**
 * What the reminder job does for one invoice today. Of the rules due by today (due date + offset ≤ today)
 * only the latest is sent, and only if it was not applied before; the earlier ones not yet applied are
 * recorded as skipped — so an invoice that becomes remindable late (reminders just switched on, a rule
 * just added) gets one email, never a burst. `rules` are ordered by offset, earliest first.
 */
export function planReminders<R extends PlanRule>(
  dueDate: string,
  rules: readonly R[],
  applied: ReadonlySet<string>,
  today: string,
): ReminderPlan<R> {
  const due = rules.filter((r) => ruleDay(dueDate, r) <= today);
  const latest = due.at(-1);
  if (!latest) return { send: null, skip: [] };
  const pending = due.filter((r) => !applied.has(r.id));
  if (applied.has(latest.id)) {
    return {
      send: null,
      skip: pending.map((rule) => ({ rule, reason: `A later reminder (${describeOffset(latest.offsetDays)}) was already sent` })),
    };
  }
  return {
    send: latest,
    skip: pending
      .filter((r) => r !== latest)
      .map((rule) => ({
        rule,
        reason: `Due at the same time as the later reminder (${describeOffset(latest.offsetDays)}), which was sent instead`,
      })),
  };
}

/** When the next reminder goes out for an open, remindable invoice (today when one is due and the job has not run yet). */
export function nextReminder(dueDate: string, rules: readonly PlanRule[], applied: ReadonlySet<string>, today: string): NextReminder {
  if (rules.length === 0) return { kind: "off", reason: "no_rules" };
  const plan = planReminders(dueDate, rules, applied, today);
  if (plan.send) return { kind: "scheduled", on: today, ruleId: plan.send.id, offsetDays: plan.send.offsetDays };
  const upcoming = rules.find((r) => ruleDay(dueDate, r) > today && !applied.has(r.id));
  if (!upcoming) return { kind: "off", reason: "none_left" };
  return { kind: "scheduled", on: ruleDay(dueDate, upcoming), ruleId: upcoming.id, offsetDays: upcoming.offsetDays };
}
