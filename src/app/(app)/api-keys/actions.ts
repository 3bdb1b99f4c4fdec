"use server";

import { revalidatePath } from "next/cache";
import { roleFromForm } from "@/modules/members/members.schemas";
import { createApiKey, revokeApiKey } from "@/modules/api-keys/api-keys.service";
import { formValues, withFieldsRenamed, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";

export interface CreateKeyState extends FormState {
  secret?: string;
  name?: string;
}

export const createApiKeyAction = tenantAction(
  "api_key.create",
  async (tenant, _prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> => {
    const values = formValues(formData);
    const expiresOn = values.expiresOn?.trim();
    // The form asks for a day (expiresOn) where the service takes an instant (expiresAt): its errors go under the form's field.
    const { apiKey, secret } = await withFieldsRenamed({ expiresAt: "expiresOn" }, () =>
      createApiKey(tenant, {
        name: values.name ?? "",
        role: roleFromForm(values.role),
        expiresAt: expiresOn ? `${expiresOn}T00:00:00Z` : null,
      }),
    );
    revalidatePath("/api-keys");
    return { secret, name: apiKey.name };
  },
);

export const revokeApiKeyAction = tenantAction("api_key.revoke", async (tenant, id: string): Promise<FormState> => {
  await revokeApiKey(tenant, id);
  revalidatePath("/api-keys");
  return {};
});
