import { and, asc, eq, sql } from "drizzle-orm";
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
