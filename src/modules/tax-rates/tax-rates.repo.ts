import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import { invoiceLines, taxRates } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { VatCategory } from "@/lib/einvoice-codes";
import type { TaxRateDto } from "./tax-rates.schemas";

const columns = {
  id: taxRates.id,
  name: taxRates.name,
  rateMilliPercent: taxRates.rateMilliPercent,
  vatCategory: sql<VatCategory>`${taxRates.vatCategory}`,
  exemptionReason: taxRates.exemptionReason,
  archivedAt: taxRates.archivedAt,
  createdAt: taxRates.createdAt,
  updatedAt: taxRates.updatedAt,
};

export async function listTaxRates(t: TenantScope, includeArchived: boolean): Promise<TaxRateDto[]> {
  return t.db
    .select(columns)
    .from(taxRates)
    .where(and(eq(taxRates.workspaceId, t.workspaceId), includeArchived ? undefined : isNull(taxRates.archivedAt)))
    .orderBy(asc(sql`${taxRates.archivedAt} is not null`), asc(sql`lower(${taxRates.name})`), asc(taxRates.id));
}

export async function findTaxRates(t: TenantScope, ids: string[]): Promise<TaxRateDto[]> {
  if (ids.length === 0) return [];
  return t.db
    .select(columns)
    .from(taxRates)
    .where(and(eq(taxRates.workspaceId, t.workspaceId), inArray(taxRates.id, ids)));
}

export async function findTaxRate(t: TenantScope, id: string): Promise<TaxRateDto | undefined> {
  const [row] = await findTaxRates(t, [id]);
  return row;
}

/** The rate, locked until the transaction ends: concurrent changes to it queue instead of overwriting each other. */
export async function lockTaxRate(t: TenantScope, id: string): Promise<TaxRateDto | undefined> {
  const [row] = await t.db
    .select(columns)
    .from(taxRates)
    .where(and(eq(taxRates.workspaceId, t.workspaceId), eq(taxRates.id, id)))
    .for("update");
  return row;
}

export async function insertTaxRate(
  t: TenantScope,
  v: { name: string; rateMilliPercent: number; vatCategory: VatCategory; exemptionReason: string | null },
): Promise<TaxRateDto> {
  const [row] = await t.db
    .insert(taxRates)
    .values({ ...v, workspaceId: t.workspaceId })
    .returning(columns);
  return row!;
}

export async function updateTaxRate(
  t: TenantScope,
  id: string,
  v: { name?: string; rateMilliPercent?: number; vatCategory?: VatCategory; exemptionReason?: string | null; archivedAt?: Date | null },
): Promise<TaxRateDto | undefined> {
  const [row] = await t.db
    .update(taxRates)
    .set({ ...v, updatedAt: now() })
    .where(and(eq(taxRates.workspaceId, t.workspaceId), eq(taxRates.id, id)))
    .returning(columns);
  return row;
}

export async function isTaxRateUsed(t: TenantScope, id: string): Promise<boolean> {
  const rows = await t.db
    .select({ id: invoiceLines.id })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.workspaceId, t.workspaceId), eq(invoiceLines.taxRateId, id)))
    .limit(1);
  return rows.length > 0;
}

export async function deleteTaxRate(t: TenantScope, id: string): Promise<boolean> {
  const rows = await t.db
    .delete(taxRates)
    .where(and(eq(taxRates.workspaceId, t.workspaceId), eq(taxRates.id, id)))
    .returning({ id: taxRates.id });
  return rows.length > 0;
}
