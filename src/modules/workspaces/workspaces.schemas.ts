import { z } from "@hono/zod-openapi";
import { invoiceSettingsFields, paymentFields, senderFields } from "@/modules/invoice-settings/invoice-settings.schemas";
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

/** PATCH /api/v1/workspace: a rename and the two-factor requirement (owners) and the invoicing settings (admins), together. */
export const updateWorkspaceInput = z
  .strictObject({
    name: workspaceNameSchema.meta({ description: "Owners only" }),
    requireTwoFactor: z
      .boolean({ error: "Say true or false" })
      .meta({ description: "Owners only; turning it on needs two-factor authentication on the owner's own account" }),
    ...invoiceSettingsFields,
    sender: z.strictObject(senderFields).partial(),
    payment: z
      .strictObject(paymentFields)
      .partial()
      .meta({ description: "How clients pay: printed on invoices and the public invoice page" }),
  })
  .partial();
export type UpdateWorkspaceFields = z.input<typeof updateWorkspaceInput>;
