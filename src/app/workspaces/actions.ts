"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/server/auth/request-context";
import { createWorkspace, switchWorkspace } from "@/modules/workspaces/workspaces.service";
import { formStateFromError, formValues, type FormState } from "../form-state";

export async function createWorkspaceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser();
  const values = formValues(formData);
  try {
    await createWorkspace(user, { name: values.name ?? "" });
  } catch (err) {
    return formStateFromError(err, values);
  }
  redirect("/dashboard");
}

export async function switchWorkspaceAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const workspaceId = formData.get("workspaceId");
  try {
    await switchWorkspace(user, typeof workspaceId === "string" ? workspaceId : "");
  } catch (err) {
    formStateFromError(err);
  }
  redirect("/dashboard");
}
