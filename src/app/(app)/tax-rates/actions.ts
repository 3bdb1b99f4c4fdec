"use server";

import { revalidatePath } from "next/cache";
import { archiveTaxRate, createTaxRate, deleteTaxRate, updateTaxRate } from "@/modules/tax-rates/tax-rates.service";
import { formValues, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";
import type { VatCategory } from "@/lib/einvoice-codes";

export type TaxRateState = FormState & { notice?: string };

/** The VAT category select ("" = the default for the rate) and the exemption reason. */
function vatValues(values: Record<string, string | undefined>): { vatCategory?: VatCategory; exemptionReason: string } {
  const category = values.vatCategory ?? "";
  return {
    // An unknown value reaches the service as is, which refuses it with a field error.
    vatCategory: category === "" ? undefined : (category as VatCategory),
    exemptionReason: values.exemptionReason ?? "",
  };
}

export const createTaxRateAction = tenantAction(
  "tax_rate.create",
  async (tenant, _prev: TaxRateState, formData: FormData): Promise<TaxRateState> => {
    const values = formValues(formData);
    const { name } = await createTaxRate(tenant, { name: values.name ?? "", rate: values.rate ?? "", ...vatValues(values) });
    revalidatePath("/tax-rates");
    return { notice: `Added ${name}.` };
  },
);

export const updateTaxRateAction = tenantAction(
  "tax_rate.update",
  async (tenant, id: string, _prev: TaxRateState, formData: FormData): Promise<TaxRateState> => {
    const values = formValues(formData);
    await updateTaxRate(tenant, id, { name: values.name ?? "", rate: values.rate ?? "", ...vatValues(values) });
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
