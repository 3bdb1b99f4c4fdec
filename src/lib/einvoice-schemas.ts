import { z } from "zod";
import { isCountryCode, isEndpointScheme, isUnitCode, DEFAULT_UNIT_CODE, UNIT_CODE_LIST, VAT_CATEGORIES } from "./einvoice-codes";
import { isStorableText, UNSTORABLE_MESSAGE } from "./schemas";

/**
 * The input blocks of the EN 16931 data (seller, buyer, units, VAT categories): all optional, so drafts and
 * half-filled settings save; what an e-invoice needs is checked when one is made (src/modules/einvoice/).
 */

/** An optional code: trimmed, upper-cased, compacted (no spaces, dots or dashes when `compact`), blank → null. */
function optionalCode(label: string, max: number, problem: (v: string) => string | undefined, compact = false) {
  return z
    .string()
    .max(max + 20, `${label} must be at most ${max} characters`)
    .superRefine((raw, ctx) => {
      if (!isStorableText(raw)) return void ctx.addIssue({ code: "custom", message: `${label} ${UNSTORABLE_MESSAGE}` });
      // The shape check (a list or a pattern) bounds the normalised value's length.
      const v = normaliseCode(raw, compact);
      const message = v ? problem(v) : undefined;
      if (message) ctx.addIssue({ code: "custom", message });
    })
    .nullish()
    .transform((v) => (v ? normaliseCode(v, compact) || null : null));
}

function normaliseCode(v: string, compact: boolean): string {
  const upper = v.trim().toUpperCase();
  return compact ? upper.replace(/[\s.-]/g, "") : upper;
}

export const countryCodeSchema = optionalCode("Country", 2, (v) =>
  isCountryCode(v) ? undefined : "Use a two-letter ISO 3166 country code, e.g. DE",
);

/** A VAT identifier with its country prefix (EN 16931 BT-31/BT-48), e.g. DE123456789. */
export const vatIdSchema = optionalCode(
  "VAT id",
  15,
  (v) => (/^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(v) ? undefined : "Use the VAT number with its country prefix, e.g. DE123456789"),
  true,
);

export const endpointSchemeSchema = optionalCode("Electronic address scheme", 4, (v) =>
  isEndpointScheme(v) ? undefined : "Use an electronic address scheme code (EAS), e.g. 0208, 0088 or EM",
);

/** The electronic address itself (Peppol participant id without its scheme), kept as typed. */
export const endpointIdSchema = z
  .string()
  .trim()
  .max(100, "Electronic address must be at most 100 characters")
  .refine((v) => isStorableText(v) && !/[\s\u0000-\u001f]/.test(v), "Electronic address must not contain spaces or control characters")
  .nullish()
  .transform((v) => (v ? v : null));

/** An electronic address needs its scheme and a scheme needs an address: the message for the missing half. */
export function endpointPairProblems(id: string | null | undefined, scheme: string | null | undefined): { id?: string; scheme?: string } {
  if (id && !scheme) return { scheme: "Choose the scheme of the electronic address" };
  if (scheme && !id) return { id: "Enter the electronic address for this scheme" };
  return {};
}

export const unitCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isUnitCode, `Choose a unit: ${UNIT_CODE_LIST.join(", ")}`)
  .nullish()
  .transform((v) => v ?? DEFAULT_UNIT_CODE)
  .meta({ description: "UN/ECE Recommendation 20 unit code", example: "HUR" });

export const vatCategorySchema = z.enum(VAT_CATEGORIES, { error: `Choose a VAT category: ${VAT_CATEGORIES.join(", ")}` });
