import { z } from "@hono/zod-openapi";
import { roleSchema } from "@/modules/members/members.schemas";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const createInvitationInput = z.strictObject({
  email: z
    .string()
    .trim()
    .max(254, "Email must be at most 254 characters")
    .pipe(z.email("Enter a valid email address"))
    .transform((e) => e.toLowerCase()),
  role: roleSchema,
});
export type CreateInvitationFields = z.input<typeof createInvitationInput>;

/** Tokens are 43 base64url characters (256 random bits); anything else cannot be one. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export type InvitationState = "pending" | "expired" | "accepted" | "revoked" | "replaced";

export interface InvitationDto {
  id: string;
  email: string;
  role: string;
  state: InvitationState;
  expiresAt: Date;
  createdAt: Date;
  inviterName: string;
}

export interface PublicInvitation {
  workspaceName: string;
  inviterName: string;
  email: string;
  role: string;
  state: InvitationState;
  expiresAt: Date;
}
