import { z } from "@hono/zod-openapi";
import { pageQuery } from "@/platform/pagination";
import { parseDecimal } from "@/lib/money";
import { requiredText } from "@/lib/schemas";

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
export const createTaxRateInput = z.strictObject({ name: requiredText("Name", 100), rate: percentSchema });
/** A partial change: name, rate, and (archived: true/false) archiving or restoring, all in one transaction. */
export const updateTaxRateInput = z
  .strictObject({ name: requiredText("Name", 100), rate: percentSchema, archived: z.boolean({ error: "archived is true or false" }) })
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
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
