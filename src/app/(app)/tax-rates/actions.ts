"use server";

import { revalidatePath } from "next/cache";
import { requireTenant } from "@/server/auth/request-context";
import { archiveTaxRate, createTaxRate, deleteTaxRate, updateTaxRate } from "@/modules/tax-rates/tax-rates.service";
import { formStateFromError, formValues, type FormState } from "../../form-state";

export type TaxRateState = FormState & { notice?: string };

export async function createTaxRateAction(_prev: TaxRateState, formData: FormData): Promise<TaxRateState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  let name: string;
  try {
    name = (await createTaxRate(tenant, { name: values.name ?? "", rate: values.rate ?? "" })).name;
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidatePath("/tax-rates");
  return { notice: `Added ${name}.` };
}

export async function updateTaxRateAction(id: string, _prev: TaxRateState, formData: FormData): Promise<TaxRateState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  try {
    await updateTaxRate(tenant, id, { name: values.name ?? "", rate: values.rate ?? "" });
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidatePath("/tax-rates");
  return { notice: "Saved." };
}

export async function setTaxRateArchivedAction(id: string, archived: boolean): Promise<TaxRateState> {
  const tenant = await requireTenant();
  try {
    await archiveTaxRate(tenant, id, archived);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath("/tax-rates");
  return {};
}

export async function deleteTaxRateAction(id: string): Promise<TaxRateState> {
  const tenant = await requireTenant();
  try {
    await deleteTaxRate(tenant, id);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath("/tax-rates");
  return {};
}
