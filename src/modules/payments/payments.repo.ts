import { and, asc, eq, gt, or, sql, type SQL } from "drizzle-orm";
import type { Cursor } from "@/platform/pagination";
import { payments } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { PaymentDto } from "./payments.schemas";

const columns = {
  id: payments.id,
  invoiceId: payments.invoiceId,
  amountMinor: payments.amountMinor,
  paidOn: payments.paidOn,
  method: payments.method,
  reference: payments.reference,
  createdAt: payments.createdAt,
};

type PaymentRow = Omit<PaymentDto, "currency">;

export async function listPayments(t: TenantScope, invoiceId: string): Promise<PaymentRow[]> {
  return t.db
    .select(columns)
    .from(payments)
    .where(and(eq(payments.workspaceId, t.workspaceId), eq(payments.invoiceId, invoiceId)))
    .orderBy(asc(payments.paidOn), asc(payments.createdAt));
}

/** A page of an invoice's payments, oldest first after the cursor; `limit + 1` rows so the caller knows whether there is a next page. */
export async function listPaymentsAfter(
  t: TenantScope,
  invoiceId: string,
  after: Cursor | undefined,
  limit: number,
): Promise<PaymentRow[]> {
  const filters: SQL[] = [eq(payments.workspaceId, t.workspaceId), eq(payments.invoiceId, invoiceId)];
  if (after)
    filters.push(or(gt(payments.createdAt, after.createdAt), and(eq(payments.createdAt, after.createdAt), gt(payments.id, after.id)))!);
  return t.db
    .select(columns)
    .from(payments)
    .where(and(...filters))
    .orderBy(asc(payments.createdAt), asc(payments.id))
    .limit(limit + 1);
}

export async function sumPayments(t: TenantScope, invoiceId: string): Promise<number> {
  const [row] = await t.db
    .select({ sum: sql<number>`coalesce(sum(${payments.amountMinor}), 0)`.mapWith(Number) })
    .from(payments)
    .where(and(eq(payments.workspaceId, t.workspaceId), eq(payments.invoiceId, invoiceId)));
  return row?.sum ?? 0;
}

export async function findPayment(t: TenantScope, id: string): Promise<PaymentRow | undefined> {
  const [row] = await t.db
    .select(columns)
    .from(payments)
    .where(and(eq(payments.workspaceId, t.workspaceId), eq(payments.id, id)));
  return row;
}

export async function insertPayment(
  t: TenantScope,
  v: { invoiceId: string; amountMinor: number; paidOn: string; method: string; reference: string | null; recordedBy: string },
): Promise<PaymentRow> {
  const [row] = await t.db
    .insert(payments)
    .values({ ...v, workspaceId: t.workspaceId })
    .returning(columns);
  return row!;
}

export async function deletePayment(t: TenantScope, id: string): Promise<void> {
  await t.db.delete(payments).where(and(eq(payments.workspaceId, t.workspaceId), eq(payments.id, id)));
}
