"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { deleteWorkspace, renameWorkspace, setTwoFactorRequirement } from "@/modules/workspaces/workspaces.service";
import { formValues, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";

export interface RenameState extends FormState {
  renamedTo?: string;
}

export const renameWorkspaceAction = tenantAction(
  "workspace.update",
  async (tenant, _prev: RenameState, formData: FormData): Promise<RenameState> => {
    const renamed = await renameWorkspace(tenant, { name: formValues(formData).name ?? "" });
    // The name shows in the top bar's switcher and on the dashboard.
    revalidatePath("/", "layout");
    return { renamedTo: renamed.name, values: { name: renamed.name } };
  },
);

export const deleteWorkspaceAction = tenantAction(
  "workspace.delete",
  async (tenant, _prev: FormState, formData: FormData): Promise<FormState> => {
    await deleteWorkspace(tenant, { confirmName: formValues(formData).confirmName ?? "" });
    revalidatePath("/", "layout");
    // The user may be in other workspaces; that page sends them to onboarding when there are none.
    redirect("/workspaces");
  },
);

export interface TwoFactorRequirementState extends FormState {
  required?: boolean;
}

/** The owner's setting: members without two-factor authentication cannot enter the workspace. */
export const setTwoFactorRequirementAction = tenantAction(
  "workspace.update",
  async (tenant, _prev: TwoFactorRequirementState, formData: FormData): Promise<TwoFactorRequirementState> => {
    const { required } = await setTwoFactorRequirement(tenant, { required: formValues(formData).required === "true" });
    revalidatePath("/settings");
    return { required };
  },
);
