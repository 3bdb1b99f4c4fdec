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
export const twoFactorRequirementInput = z.strictObject({ required: z.boolean({ error: "Say true or false" }) });
export const deleteWorkspaceInput = z.strictObject({ confirmName: z.string().max(1000) });
