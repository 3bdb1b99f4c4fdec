import { AppError } from "./errors";

export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

const everyone = ["owner", "admin", "member"] as const satisfies readonly Role[];
const admins = ["owner", "admin"] as const satisfies readonly Role[];
const owners = ["owner"] as const satisfies readonly Role[];

/**
 * The one table of who may do what. Every service function asks it first (`assertCan`).
 * Adding an action here without rows in the permission matrix test fails the suite.
 */
export const PERMISSIONS = {
  "workspace.read": everyone,
  "workspace.update": owners,
  "workspace.delete": owners,
  "workspace.transfer": owners,
  "member.read": everyone,
  "member.invite": admins,
  "member.change_role": admins,
  "member.remove": admins,
  "member.leave": everyone,
  "invitation.read": admins,
  "invitation.resend": admins,
  "invitation.revoke": admins,
  "audit.read": admins,
  "job.read": admins,
  "client.read": everyone,
  "client.create": everyone,
  "client.update": everyone,
  "client.archive": everyone,
  "client.delete": admins,
  "invoice_settings.read": everyone,
  "invoice_settings.update": admins,
  "reminders.manage": admins,
  "tax_rate.read": everyone,
  "tax_rate.create": admins,
  "tax_rate.update": admins,
  "tax_rate.archive": admins,
  "tax_rate.delete": admins,
  "invoice.read": everyone,
  "invoice.create": everyone,
  "invoice.update": everyone,
  "invoice.delete": everyone,
  "invoice.duplicate": everyone,
  "invoice.send": admins,
  "invoice.void": admins,
  "invoice_link.manage": admins,
  "payment.read": everyone,
  "payment.record": admins,
  "payment.delete": admins,
  "api_key.read": admins,
  "api_key.create": admins,
  "api_key.revoke": admins,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** owner > admin > member */
export const ROLE_RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1 };

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function assertCan(ctx: { role: Role }, action: Action): void {
  if (!can(ctx.role, action)) {
    throw new AppError("forbidden", `Your role (${ctx.role}) may not do this (${action})`);
  }
}
