"use server";

import { revalidatePath } from "next/cache";
import { archiveTaxRate, createTaxRate, deleteTaxRate, updateTaxRate } from "@/modules/tax-rates/tax-rates.service";
import { formValues, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";

export type TaxRateState = FormState & { notice?: string };

export const createTaxRateAction = tenantAction(
  "tax_rate.create",
  async (tenant, _prev: TaxRateState, formData: FormData): Promise<TaxRateState> => {
    const values = formValues(formData);
    const { name } = await createTaxRate(tenant, { name: values.name ?? "", rate: values.rate ?? "" });
    revalidatePath("/tax-rates");
    return { notice: `Added ${name}.` };
  },
);

export const updateTaxRateAction = tenantAction(
  "tax_rate.update",
  async (tenant, id: string, _prev: TaxRateState, formData: FormData): Promise<TaxRateState> => {
    const values = formValues(formData);
    await updateTaxRate(tenant, id, { name: values.name ?? "", rate: values.rate ?? "" });
    revalidatePath("/tax-rates");
    return { notice: "Saved." };
  },
);

export const setTaxRateArchivedAction = tenantAction(
  "tax_rate.archive",
  async (tenant, id: string, archived: boolean): Promise<TaxRateState> => {
    await archiveTaxRate(tenant, id, archived);
    revalidatePath("/tax-rates");
    return {};
  },
);

export const deleteTaxRateAction = tenantAction("tax_rate.delete", async (tenant, id: string): Promise<TaxRateState> => {
  await deleteTaxRate(tenant, id);
  revalidatePath("/tax-rates");
  return {};
});
