"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireTenant } from "@/server/auth/request-context";
import { deleteWorkspace, renameWorkspace, setTwoFactorRequirement } from "@/modules/workspaces/workspaces.service";
import { formStateFromError, formValues, type FormState } from "../../form-state";

export interface RenameState extends FormState {
  renamedTo?: string;
}

export async function renameWorkspaceAction(_prev: RenameState, formData: FormData): Promise<RenameState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  let renamed;
  try {
    renamed = await renameWorkspace(tenant, { name: values.name ?? "" });
  } catch (err) {
    return formStateFromError(err, values);
  }
  // The name shows in the top bar's switcher and on the dashboard.
  revalidatePath("/", "layout");
  return { renamedTo: renamed.name, values: { name: renamed.name } };
}

export async function deleteWorkspaceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  try {
    await deleteWorkspace(tenant, { confirmName: values.confirmName ?? "" });
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidatePath("/", "layout");
  // The user may be in other workspaces; that page sends them to onboarding when there are none.
  redirect("/workspaces");
}

export interface TwoFactorRequirementState extends FormState {
  required?: boolean;
}

export async function setTwoFactorRequirementAction(_prev: TwoFactorRequirementState, formData: FormData): Promise<TwoFactorRequirementState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  try {
    const { required } = await setTwoFactorRequirement(tenant, { required: values.required === "true" });
    revalidatePath("/settings");
    return { required };
  } catch (err) {
    return formStateFromError(err, values);
  }
}
