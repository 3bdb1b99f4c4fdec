"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { createWorkspace, switchWorkspace } from "@/modules/workspaces/workspaces.service";
import { formValues, type FormState } from "@/components/forms/form-state";
import { signedInAction } from "../server-action";
import { safeNextPath } from "../(auth)/next-path";

/** Any signed-in user may create a workspace (they become its owner). */
export const createWorkspaceAction = signedInAction(async (user, _prev: FormState, formData: FormData): Promise<FormState> => {
  await createWorkspace(user, { name: formValues(formData).name ?? "" });
  redirect("/dashboard");
});

/** Switching needs membership of the target, which the service checks (not a member: 404). */
export const switchWorkspaceAction = signedInAction(async (user, formData: FormData): Promise<void> => {
  const workspaceId = formData.get("workspaceId");
  await switchWorkspace(user, typeof workspaceId === "string" ? workspaceId : "");
  // The layout (the switcher, the navigation) shows the active workspace: render it again, not only the page.
  revalidatePath("/", "layout");
  // "This invoice is in workspace B — Switch" comes back to the page it was on; the switcher goes to the dashboard.
  const next = formData.get("next");
  redirect(safeNextPath(typeof next === "string" ? next : undefined) ?? "/dashboard");
});
