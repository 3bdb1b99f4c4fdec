import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { isUuid } from "@/lib/ids";
import { einvoiceModelIn, facturxPdfIn } from "@/modules/invoices/invoices.service";
import { type EinvoiceFormat } from "./einvoice-model";
import { renderUbl } from "./ubl";
import { renderCii } from "./cii";
import { runEn16931Rules, type FailedRule } from "./einvoice-rules";

export { EinvoiceNotReady, type EinvoiceFormat } from "./einvoice-model";
export const EINVOICE_FORMATS = ["ubl", "cii"] as const;

/** The invoice as an EN 16931 e-invoice: UBL (Peppol BIS Billing 3.0) or CII (EN 16931 guideline). Read permission, like the PDF. */
export async function getEinvoice(
  ctx: TenantContext & { workspaceName?: string },
  id: string,
  format: EinvoiceFormat,
): Promise<{ filename: string; xml: string }> {
  assertCan(ctx, "invoice.read");
  if (!isUuid(id)) throw AppError.notFound("Invoice");
  const model = await withTenant(ctx, (t) => einvoiceModelIn(t, id, format, ctx.workspaceName ?? ""));
  const xml = format === "ubl" ? renderUbl(model) : renderCii(model);
  const filename = `${model.number.replace(/[^A-Za-z0-9._-]+/g, "_")}.${format}.xml`;
  return { filename, xml };
}

/** Per format, the fields an e-invoice of this invoice still lacks (empty when it can be downloaded). */
export async function getEinvoiceReadiness(
  ctx: TenantContext & { workspaceName?: string },
  id: string,
): Promise<Record<EinvoiceFormat, { field: string; messages: string[] }[]>> {
  assertCan(ctx, "invoice.read");
  if (!isUuid(id)) throw AppError.notFound("Invoice");
  return withTenant(ctx, async (t) => {
    const missing = async (format: EinvoiceFormat) => {
      try {
        await einvoiceModelIn(t, id, format, ctx.workspaceName ?? "");
        return [];
      } catch (err) {
        if (err instanceof AppError && err.code === "validation_failed" && err.fieldErrors) {
          return Object.entries(err.fieldErrors).map(([field, messages]) => ({ field, messages }));
        }
        throw err;
      }
    };
    return { ubl: await missing("ubl"), cii: await missing("cii") };
  });
}

/**
 * A received UBL or CII document judged by the official EN 16931 rules (reading invoices is the permission:
 * the document is not stored, nothing of the workspace is read). Every failed rule, fatal and warning.
 */
export async function validateEinvoiceDocument(ctx: TenantContext, xml: string): Promise<{ syntax: "ubl" | "cii"; failed: FailedRule[] }> {
  assertCan(ctx, "invoice.read");
  return runEn16931Rules(xml);
}

/**
 * The invoice as a Factur-X PDF (EN 16931 profile): the usual PDF as PDF/A-3b with the CII e-invoice embedded
 * as `factur-x.xml`. The same readiness check as the CII download: a 422 naming missing fields, no file.
 */
export async function getFacturxPdf(
  ctx: TenantContext & { workspaceName?: string },
  id: string,
): Promise<{ filename: string; pdf: Buffer }> {
  assertCan(ctx, "invoice.read");
  if (!isUuid(id)) throw AppError.notFound("Invoice");
  return withTenant(ctx, (t) => facturxPdfIn(t, id, ctx.workspaceName ?? ""));
}
