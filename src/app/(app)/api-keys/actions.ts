"use server";

import { revalidatePath } from "next/cache";
import { requireTenant } from "@/server/auth/request-context";
import { createApiKey, revokeApiKey } from "@/modules/api-keys/api-keys.service";
import { formStateFromError, formValues, type FormState } from "../../form-state";

export interface CreateKeyState extends FormState {
  secret?: string;
  name?: string;
}

export async function createApiKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  const expiresOn = values.expiresOn?.trim();
  try {
    const { apiKey, secret } = await createApiKey(tenant, {
      name: values.name ?? "",
      role: values.role ?? "",
      expiresAt: expiresOn ? `${expiresOn}T00:00:00Z` : null,
    });
    revalidatePath("/api-keys");
    return { secret, name: apiKey.name };
  } catch (err) {
    return formStateFromError(err, values);
  }
}

export async function revokeApiKeyAction(id: string): Promise<FormState> {
  const tenant = await requireTenant();
  try {
    await revokeApiKey(tenant, id);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath("/api-keys");
  return {};
}
