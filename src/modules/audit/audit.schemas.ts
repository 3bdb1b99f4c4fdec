import { z } from "@hono/zod-openapi";
import { pageQuery } from "@/platform/pagination";

/** The closed set of audit event names. */
export const AUDIT_ACTIONS = [
  "member.invited",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "member.left",
  "invitation.resent",
  "invitation.revoked",
  "workspace.renamed",
  "workspace.transferred",
  "workspace.two_factor_requirement_changed",
  "client.created",
  "client.updated",
  "client.archived",
  "client.restored",
  "client.deleted",
  "invoice_settings.updated",
  "email_template.updated",
  "email_template.reset",
  "reminders.enabled",
  "reminders.disabled",
  "reminder_rule.created",
  "reminder_rule.updated",
  "reminder_rule.deleted",
  "tax_rate.created",
  "tax_rate.updated",
  "tax_rate.archived",
  "tax_rate.restored",
  "tax_rate.deleted",
  "invoice.created",
  "invoice.updated",
  "invoice.deleted",
  "invoice.duplicated",
  "invoice.sent",
  "invoice.voided",
  "invoice.overdue",
  "invoice.paid",
  "invoice.reopened",
  "invoice.viewed",
  "invoice_link.created",
  "invoice_link.regenerated",
  "invoice_link.revoked",
  "invoice.email_queued",
  "invoice.emailed",
  "invoice.email_failed",
  "invoice.reminder_queued",
  "invoice.reminder_cancelled",
  "invoice.reminders_paused",
  "invoice.reminders_resumed",
  "payment.recorded",
  "payment.deleted",
  "api_key.created",
  "api_key.revoked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventInput {
  action: AuditAction;
  targetType:
    | "member"
    | "invitation"
    | "workspace"
    | "client"
    | "invoice_settings"
    | "email_template"
    | "reminder_rule"
    | "tax_rate"
    | "invoice"
    | "payment"
    | "api_key";
  targetId: string | null;
  detail?: Record<string, unknown>;
}

/** The one list of events (newest first, keyset-paged): the API's and the audit page's. */
export const listAuditEventsQuery = z.object({ action: z.enum(AUDIT_ACTIONS).optional(), ...pageQuery });

export interface AuditEventDto {
  id: string;
  action: string;
  actorUserId: string | null;
  actorLabel: string;
  targetType: string;
  targetId: string | null;
  detail: Record<string, unknown>;
  createdAt: Date;
}
