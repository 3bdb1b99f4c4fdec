import { z } from "zod";
import { parseDecimal } from "@/lib/money";
import { displayText } from "@/modules/workspaces/workspaces.schemas";

/** "20", "7.125", 20 → thousandths of a percent (20000, 7125); 0–100 % with up to 3 decimals. */
export const percentSchema = z.union([z.string(), z.number()], { error: "Enter a percentage" }).transform((v, ctx) => {
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

export const createTaxRateInput = z.strictObject({ name: displayText("Name", 100), rate: percentSchema });
/** A partial change: name, rate, and (archived: true/false) archiving or restoring, all in one transaction. */
export const updateTaxRateInput = z
  .strictObject({ name: displayText("Name", 100), rate: percentSchema, archived: z.boolean({ error: "archived is true or false" }) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");

export const listTaxRatesQuery = z.object({ includeArchived: z.coerce.boolean().default(false) });

export interface TaxRateDto {
  id: string;
  name: string;
  rateMilliPercent: number;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
