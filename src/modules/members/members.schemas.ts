import { z } from "zod";
import { ROLES } from "@/platform/permissions";
import { isStorableText } from "@/lib/schemas";

export const roleSchema = z.enum(ROLES, { error: "Choose owner, admin or member" });

export const changeRoleInput = z.strictObject({ role: roleSchema });
export const transferOwnershipInput = z.strictObject({ userId: z.string().min(1).max(200).refine(isStorableText, "Choose a member") });

export interface MemberDto {
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
}
