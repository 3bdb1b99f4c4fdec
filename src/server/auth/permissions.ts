import { AppError } from "../errors";

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
  "client.read": everyone,
  "client.create": everyone,
  "client.update": everyone,
  "client.archive": everyone,
  "client.delete": admins,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function assertCan(ctx: { role: Role }, action: Action): void {
  if (!can(ctx.role, action)) {
    throw new AppError("forbidden", `Your role (${ctx.role}) may not do this (${action})`);
  }
}
