import { z } from "@hono/zod-openapi";
import { pageQuery } from "@/platform/pagination";
import { parseDecimal } from "@/lib/money";
import { optionalText, requiredText } from "@/lib/schemas";
import { vatCategorySchema } from "@/lib/einvoice-schemas";
import type { VatCategory } from "@/lib/einvoice-codes";

/** "20", "7.125", 20 → thousandths of a percent (20000, 7125); 0–100 % with up to 3 decimals. */
export const percentSchema = z
  .union([z.string().max(40), z.number()], { error: "Enter a percentage" })
  .meta({ description: "Percent, up to 3 decimals", example: "7.125" })
  .transform((v, ctx) => {
    try {
      const milli = parseDecimal(String(v).trim(), 3);
      if (milli > 100_000) {
        ctx.addIssue({ code: "custom", message: "A rate is at most 100 %" });
        return z.NEVER;
      }
      return milli;
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a percentage with up to 3 decimals, e.g. 20 or 7.125" });
      return z.NEVER;
    }
  });

export type TaxRateFields = z.input<typeof createTaxRateInput>;
const vatFields = {
  vatCategory: vatCategorySchema.optional().meta({
    description:
      "EN 16931 VAT category: S standard, Z zero, E exempt, AE reverse charge, K intra-community, G export, O outside scope. Default: S above 0 %, Z at 0 %",
  }),
  exemptionReason: optionalText("Exemption reason", 300).meta({ description: "Why no VAT is charged; required for E, AE, K, G and O" }),
};
export const createTaxRateInput = z.strictObject({ name: requiredText("Name", 100), rate: percentSchema, ...vatFields });
/** A partial change: name, rate, and (archived: true/false) archiving or restoring, all in one transaction. */
export const updateTaxRateInput = z
  .strictObject({
    name: requiredText("Name", 100),
    rate: percentSchema,
    ...vatFields,
    archived: z.boolean({ error: "archived is true or false" }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");

export const listTaxRatesQuery = z.object({
  includeArchived: z
    .union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")])
    .default(false)
    .meta({ description: "Also list archived rates" }),
  ...pageQuery,
});

export interface TaxRateDto {
  id: string;
  name: string;
  rateMilliPercent: number;
  vatCategory: VatCategory;
  exemptionReason: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
