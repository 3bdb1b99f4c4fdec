"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { archiveClient, createClient, deleteClient, updateClient } from "@/modules/clients/clients.service";
import type { CreateClientFields } from "@/modules/clients/clients.schemas";
import { formValues, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";
import { AppError } from "@/platform/errors";
import { flash } from "@/app/flash";

/** The form's fields, named as in the one client schema. */
function clientInput(formData: FormData): CreateClientFields {
  const v = formValues(formData);
  return {
    name: v.name ?? "",
    email: v.email ?? "",
    billingAddress: v.billingAddress ?? "",
    taxId: v.taxId ?? "",
    street: v.street ?? "",
    city: v.city ?? "",
    postcode: v.postcode ?? "",
    countryCode: v.countryCode ?? "",
    vatId: v.vatId ?? "",
    endpointId: v.endpointId ?? "",
    endpointScheme: v.endpointScheme ?? "",
    currency: v.currency ?? "",
    notes: v.notes ?? "",
  };
}

export const createClientAction = tenantAction(
  "client.create",
  async (tenant, _prev: FormState, formData: FormData): Promise<FormState> => {
    const { id, name } = await createClient(tenant, clientInput(formData));
    revalidatePath("/clients");
    await flash(`Client ${name} created.`);
    redirect(`/clients/${id}`);
  },
);

export const updateClientAction = tenantAction(
  "client.update",
  async (tenant, id: string, _prev: FormState, formData: FormData): Promise<FormState> => {
    await updateClient(tenant, id, clientInput(formData));
    revalidatePath("/clients");
    await flash("Client saved.");
    redirect(`/clients/${id}`);
  },
);

export const setClientArchivedAction = tenantAction("client.archive", async (tenant, id: string, archived: boolean): Promise<FormState> => {
  await archiveClient(tenant, id, archived);
  revalidatePath(`/clients/${id}`);
  return {};
});

export interface DeleteClientState extends FormState {
  /** The client could not be deleted because it has invoices: the page offers to archive it instead. */
  archiveInstead?: boolean;
}

export const deleteClientAction = tenantAction("client.delete", async (tenant, id: string): Promise<DeleteClientState> => {
  try {
    await deleteClient(tenant, id);
  } catch (err) {
    // A client with invoices is kept (the invoices need it); the service says so with a conflict.
    if (err instanceof AppError && err.code === "conflict") return { message: err.message, archiveInstead: true };
    throw err;
  }
  revalidatePath("/clients");
  await flash("Client deleted.");
  redirect("/clients");
});
