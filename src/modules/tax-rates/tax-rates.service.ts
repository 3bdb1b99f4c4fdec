import type { z } from "@hono/zod-openapi";
import { assertCan } from "@/platform/permissions";
import { now } from "@/lib/clock";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError, type FieldErrors } from "@/platform/errors";
import { needsExemptionReason, type VatCategory } from "@/lib/einvoice-codes";
import { parseInput } from "@/platform/validation";
import { isUuid } from "@/lib/ids";
import { pageInMemory, type CursorPage } from "@/platform/pagination";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { createTaxRateInput, listTaxRatesQuery, updateTaxRateInput, type TaxRateDto } from "./tax-rates.schemas";
import * as repo from "./tax-rates.repo";

/**
 * EN 16931's rules for a rate's VAT category: only the standard category (S) has a rate above 0 %; the
 * exempt ones (E, AE, K, G, O) say why in an exemption reason, which S and Z do not have.
 */
function checkVatCategory(v: { rateMilliPercent: number; vatCategory: VatCategory; exemptionReason: string | null }): void {
  const errors: FieldErrors = {};
  if (v.vatCategory === "S" && v.rateMilliPercent === 0) {
    errors.vatCategory = ["A 0 % rate is not the standard category; choose zero rated (Z), exempt (E) or another"];
  } else if (v.vatCategory !== "S" && v.rateMilliPercent !== 0) {
    errors.rate = [`Only the standard category (S) has a rate above 0 %; category ${v.vatCategory} is 0 %`];
  }
  if (needsExemptionReason(v.vatCategory) && !v.exemptionReason) {
    errors.exemptionReason = [`Category ${v.vatCategory} needs an exemption reason (printed on invoices), e.g. the article of the law`];
  } else if (!needsExemptionReason(v.vatCategory) && v.exemptionReason) {
    errors.exemptionReason = [`Category ${v.vatCategory} charges VAT and has no exemption reason; leave it blank`];
  }
  if (Object.keys(errors).length > 0) throw new AppError("validation_failed", "Some fields are not valid", errors);
}

function found(rate: TaxRateDto | undefined): TaxRateDto {
  if (!rate) throw AppError.notFound("Tax rate");
  return rate;
}

export async function listTaxRates(ctx: TenantContext, query: z.input<typeof listTaxRatesQuery> = {}): Promise<TaxRateDto[]> {
  assertCan(ctx, "tax_rate.read");
  const { includeArchived } = parseInput(listTaxRatesQuery, query);
  return withTenant(ctx, (t) => repo.listTaxRates(t, includeArchived));
}

/** A page of the list (oldest first), for the API: tax rates are few, so they are read whole and paged here. */
export async function listTaxRatesPage(ctx: TenantContext, query: z.input<typeof listTaxRatesQuery>): Promise<CursorPage<TaxRateDto>> {
  assertCan(ctx, "tax_rate.read");
  const q = parseInput(listTaxRatesQuery, query);
  const all = await withTenant(ctx, (t) => repo.listTaxRates(t, q.includeArchived));
  return pageInMemory("tax-rates", all, (r) => ({ createdAt: r.createdAt, id: r.id }), q.limit, q.cursor);
}

export async function getTaxRate(ctx: TenantContext, id: string): Promise<TaxRateDto> {
  assertCan(ctx, "tax_rate.read");
  if (!isUuid(id)) throw AppError.notFound("Tax rate");
  return found(await withTenant(ctx, (t) => repo.findTaxRate(t, id)));
}

/**
 * Active rates have unique names (ignoring case). The database's unique index is the judge, so that
 * concurrent requests cannot both pass a check: the loser's insert fails and the one error mapping
 * answers 409 on `name` (src/platform/db/constraints.ts).
 */
export async function createTaxRate(ctx: TenantContext, input: z.input<typeof createTaxRateInput>): Promise<TaxRateDto> {
  assertCan(ctx, "tax_rate.create");
  const { name, rate, vatCategory, exemptionReason } = parseInput(createTaxRateInput, input);
  const vat = { rateMilliPercent: rate, vatCategory: vatCategory ?? (rate > 0 ? "S" : "Z"), exemptionReason };
  checkVatCategory(vat);
  return withTenant(ctx, async (t) => {
    const created = await repo.insertTaxRate(t, { name, ...vat });
    await recordAuditEvent(t, ctx, {
      action: "tax_rate.created",
      targetType: "tax_rate",
      targetId: created.id,
      detail: { name, rateMilliPercent: rate, vatCategory: vat.vatCategory },
    });
    return created;
  });
}

/**
 * Renames, changes the rate, archives or restores — any of them together, in one transaction with
 * their audit events, so a refused request changes nothing. The row is locked first; a name taken by
 * another active rate (on a rename or a restore) is refused by the database's unique index, which
 * rolls everything back (409 on `name`). Renaming or changing the rate affects future lines only:
 * existing lines keep the rate they were written with.
 */
export async function updateTaxRate(ctx: TenantContext, id: string, input: z.input<typeof updateTaxRateInput>): Promise<TaxRateDto> {
  assertCan(ctx, "tax_rate.update");
  const values = parseInput(updateTaxRateInput, input);
  if (values.archived !== undefined) assertCan(ctx, "tax_rate.archive");
  return applyTaxRateChange(ctx, id, values);
}

export async function archiveTaxRate(ctx: TenantContext, id: string, archived = true): Promise<TaxRateDto> {
  assertCan(ctx, "tax_rate.archive");
  return applyTaxRateChange(ctx, id, { archived });
}

/** The one write path for a rate's changes; callers have checked the permissions for what they change. */
async function applyTaxRateChange(ctx: TenantContext, id: string, values: z.output<typeof updateTaxRateInput>): Promise<TaxRateDto> {
  if (!isUuid(id)) throw AppError.notFound("Tax rate");
  return withTenant(ctx, async (t) => {
    const current = found(await repo.lockTaxRate(t, id));
    const { archived, ...fields } = values;
    const archivedAt = archived === undefined ? current.archivedAt : archived ? (current.archivedAt ?? now()) : null;
    const vat = {
      rateMilliPercent: fields.rate ?? current.rateMilliPercent,
      vatCategory: fields.vatCategory ?? current.vatCategory,
      exemptionReason: fields.exemptionReason === undefined ? current.exemptionReason : fields.exemptionReason,
    };
    checkVatCategory(vat);
    const updated = found(await repo.updateTaxRate(t, id, { name: fields.name, ...vat, archivedAt }));
    const changed = [
      ...(fields.name !== undefined && fields.name !== current.name ? ["name"] : []),
      ...(fields.rate !== undefined && fields.rate !== current.rateMilliPercent ? ["rate"] : []),
      ...(vat.vatCategory !== current.vatCategory ? ["vatCategory"] : []),
      ...(vat.exemptionReason !== current.exemptionReason ? ["exemptionReason"] : []),
    ];
    if (changed.length > 0) {
      await recordAuditEvent(t, ctx, {
        action: "tax_rate.updated",
        targetType: "tax_rate",
        targetId: id,
        detail: { fields: changed, name: updated.name },
      });
    }
    if (archived !== undefined) {
      await recordAuditEvent(t, ctx, {
        action: archived ? "tax_rate.archived" : "tax_rate.restored",
        targetType: "tax_rate",
        targetId: id,
        detail: { name: updated.name },
      });
    }
    return updated;
  });
}

/** Only a rate no invoice line uses can be deleted; a used one is archived instead (409 says so). */
export async function deleteTaxRate(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx, "tax_rate.delete");
  if (!isUuid(id)) throw AppError.notFound("Tax rate");
  await withTenant(ctx, async (t) => {
    const current = found(await repo.findTaxRate(t, id));
    if (await repo.isTaxRateUsed(t, id)) throw new AppError("conflict", "This tax rate is used on invoices; archive it instead");
    await repo.deleteTaxRate(t, id);
    await recordAuditEvent(t, ctx, { action: "tax_rate.deleted", targetType: "tax_rate", targetId: id, detail: { name: current.name } });
  });
}

/** Inside an invoice transaction: the rates named by lines (this workspace's only). */
export async function taxRatesInScope(t: TenantScope, ids: string[]): Promise<TaxRateDto[]> {
  return repo.findTaxRates(t, ids);
}
