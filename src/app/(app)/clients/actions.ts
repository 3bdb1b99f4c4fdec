"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireTenant } from "@/server/auth/request-context";
import { archiveClient, createClient, deleteClient, updateClient } from "@/modules/clients/clients.service";
import { formStateFromError, formValues, type FormState } from "../../form-state";

const CLIENT_FIELDS = ["name", "email", "billingAddress", "taxId", "currency", "notes"] as const;

function clientInput(values: Record<string, string>) {
  return Object.fromEntries(CLIENT_FIELDS.map((f) => [f, values[f] ?? ""]));
}

export async function createClientAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  let id: string;
  try {
    id = (await createClient(tenant, clientInput(values))).id;
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidatePath("/clients");
  redirect(`/clients/${id}`);
}

export async function updateClientAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  try {
    await updateClient(tenant, id, clientInput(values));
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidatePath("/clients");
  redirect(`/clients/${id}`);
}

export async function setClientArchivedAction(id: string, archived: boolean): Promise<FormState> {
  const tenant = await requireTenant();
  try {
    await archiveClient(tenant, id, archived);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath(`/clients/${id}`);
  return {};
}

export async function deleteClientAction(id: string): Promise<FormState> {
  const tenant = await requireTenant();
  try {
    await deleteClient(tenant, id);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath("/clients");
  redirect("/clients");
}
