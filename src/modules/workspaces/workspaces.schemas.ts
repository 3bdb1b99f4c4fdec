import { z } from "zod";
import { requiredText } from "@/lib/schemas";

/** Text a person typed on one line: trimmed, bounded, storable, and free of control characters that break display. */
export function displayText(label: string, max: number) {
  return requiredText(label, max);
}

export const workspaceNameSchema = displayText("Workspace name", 100);

export const createWorkspaceInput = z.strictObject({ name: workspaceNameSchema });
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceInput>;

export const renameWorkspaceInput = z.strictObject({ name: workspaceNameSchema });
export const deleteWorkspaceInput = z.strictObject({ confirmName: z.string().max(1000) });


export const signUpInput = z.object({
  name: displayText("Name", 100),
  email: z.email("Enter a valid email address").max(254, "Email must be at most 254 characters"),
  password: z
    .string({ error: "Password is required" })
    .min(8, "Password must be at least 8 characters")
    .max(128, "Password must be at most 128 characters"),
  workspaceName: workspaceNameSchema,
});

/** Signing up from an invitation link: no workspace of one's own; the invitation brings one. */
export const signUpWithInvitationInput = signUpInput.omit({ workspaceName: true }).extend({
  invitationToken: z.string().min(1).max(200),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  email: z.email("Enter a valid email address").max(254),
  password: z.string().min(1, "Password is required").max(128),
});
