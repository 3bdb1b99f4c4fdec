/**
 * Instance analytics: figures across all workspaces, for the people who run this instance. A
 * privileged path of its own (docs/architecture.md, "Instance analytics"): it reads only the
 * aggregate views of the `analytics` schema through the analytics role's pool, never a product query
 * or a tenant table, and every use writes an instance audit record in the same transaction.
 */
import { z } from "zod";
import { analyticsSql } from "@/platform/db/client";
import { config } from "@/platform/config";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { now, today } from "@/lib/clock";
import { addDays } from "@/lib/dates";
import { isoDate } from "@/lib/schemas";

/** Groups covering fewer workspaces (or people) than this are left out by the views themselves. */
export const SUPPRESSION_THRESHOLD = 5;
const MAX_DAYS = 366;

/** Who asks: a signed-in person (checked against INSTANCE_ADMIN_EMAILS), or the operator's command. */
export type AnalyticsActor = { kind: "user"; name: string; email: string; emailVerified: boolean } | { kind: "cli"; osUser: string };

/** An instance administrator: a verified address listed in INSTANCE_ADMIN_EMAILS (read on every call). */
export function isInstanceAdmin(user: { email: string; emailVerified: boolean }): boolean {
  return user.emailVerified && config().INSTANCE_ADMIN_EMAILS.includes(user.email.trim().toLowerCase());
}

export const analyticsRangeInput = z.object({ from: isoDate.optional(), to: isoDate.optional() }).transform((v, ctx) => {
  const to = v.to ?? today();
  const from = v.from ?? addDays(to, -89);
  if (from > to) ctx.addIssue({ code: "custom", path: ["from"], message: "The start is after the end" });
  else if (addDays(from, MAX_DAYS - 1) < to) ctx.addIssue({ code: "custom", path: ["from"], message: `At most ${MAX_DAYS} days at once` });
  return { from, to };
});

export interface InstanceAnalytics {
  range: { from: string; to: string };
  suppressionThreshold: number;
  signups: { day: string; signups: number }[];
  workspacesCreated: { day: string; workspaces: number }[];
  activeWorkspaces: { day: string; workspaces: number }[];
  /** Amounts in minor units as decimal strings (sums across workspaces can exceed 2^53). */
  invoicesSent: { day: string; currency: string; invoices: number; amountMinor: string; workspaces: number }[];
}

export async function instanceAnalytics(actor: AnalyticsActor, rawRange: unknown): Promise<InstanceAnalytics> {
  // The check comes first, and a refusal looks like a page that does not exist.
  if (actor.kind === "user" && !isInstanceAdmin(actor)) throw AppError.notFound("Page");
  const range = parseInput(analyticsRangeInput, rawRange);
  const label = actor.kind === "user" ? `${actor.name} <${actor.email}>` : `cli:${actor.osUser}`;
  return analyticsSql().begin(async (sql) => {
    await sql`insert into analytics.instance_audit_events (action, actor_label, detail, created_at)
              values ('analytics.viewed', ${label}, ${sql.json(range)}, ${now()})`;
    const [signups, created, active, sent] = await Promise.all([
      sql<{ day: string; signups: number }[]>`
        select day::text, signups from analytics.signups_daily where day between ${range.from} and ${range.to} order by day`,
      sql<{ day: string; workspaces: number }[]>`
        select day::text, workspaces from analytics.workspaces_created_daily where day between ${range.from} and ${range.to} order by day`,
      sql<{ day: string; workspaces: number }[]>`
        select day::text, workspaces from analytics.active_workspaces_daily where day between ${range.from} and ${range.to} order by day`,
      sql<{ day: string; currency: string; invoices: number; amount_minor: string; workspaces: number }[]>`
        select day::text, currency, invoices, amount_minor, workspaces from analytics.invoices_sent_daily
        where day between ${range.from} and ${range.to} order by day, currency`,
    ]);
    return {
      range,
      suppressionThreshold: SUPPRESSION_THRESHOLD,
      signups: [...signups],
      workspacesCreated: [...created],
      activeWorkspaces: [...active],
      invoicesSent: sent.map((r) => ({
        day: r.day,
        currency: r.currency,
        invoices: r.invoices,
        amountMinor: r.amount_minor,
        workspaces: r.workspaces,
      })),
    };
  });
}

/** The instance audit trail, newest first (for the instance page). */
export async function recentInstanceAudit(
  actor: AnalyticsActor,
  limit = 20,
): Promise<{ action: string; actorLabel: string; at: string }[]> {
  if (actor.kind === "user" && !isInstanceAdmin(actor)) throw AppError.notFound("Page");
  const rows = await analyticsSql()<{ action: string; actor_label: string; created_at: Date }[]>`
    select action, actor_label, created_at from analytics.instance_audit_events order by created_at desc, id limit ${Math.min(Math.max(limit, 1), 100)}`;
  return rows.map((r) => ({ action: r.action, actorLabel: r.actor_label, at: r.created_at.toISOString() }));
}
