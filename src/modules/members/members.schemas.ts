import { z } from "@hono/zod-openapi";
import { ROLES } from "@/platform/permissions";
import { isStorableText } from "@/lib/schemas";
import { parseInput } from "@/platform/validation";

export const roleSchema = z.enum(ROLES, { error: "Choose owner, admin or member" });

export const changeRoleInput = z.strictObject({ role: roleSchema });

/** A role a form sent as text: the role, or the validation error on `role`. */
export function roleFromForm(value: string | undefined): z.output<typeof roleSchema> {
  return parseInput(changeRoleInput, { role: value ?? "" }).role;
}
export type ChangeRoleFields = z.input<typeof changeRoleInput>;
export const transferOwnershipInput = z.strictObject({ userId: z.string().min(1).max(200).refine(isStorableText, "Choose a member") });

export interface MemberDto {
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
}
