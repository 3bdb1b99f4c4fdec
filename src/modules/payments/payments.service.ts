import type { z } from "@hono/zod-openapi";
import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { isUuid } from "@/lib/ids";
import { formatMoney, parseMoney } from "@/lib/money";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { applyAmountPaid, invoiceForPayment, invoiceInScope } from "@/modules/invoices/invoices.service";
import { today } from "@/lib/clock";
import { nextStatus } from "@/modules/invoices/invoice-lifecycle";
import { cursorPage, decodeCursor, type CursorPage } from "@/platform/pagination";
import { listPaymentsQuery, recordPaymentInput, type PaymentDto, type RecordPaymentFields } from "./payments.schemas";
import * as repo from "./payments.repo";

export async function listPayments(ctx: TenantContext, invoiceId: string): Promise<PaymentDto[]> {
  assertCan(ctx, "payment.read");
  return withTenant(ctx, async (t) => {
    const invoice = await invoiceInScope(t, invoiceId);
    return (await repo.listPayments(t, invoiceId)).map((p) => ({ ...p, currency: invoice.currency }));
  });
}

/** A page of an invoice's payments (oldest first), for the API. */
export async function listPaymentsPage(
  ctx: TenantContext,
  invoiceId: string,
  query: z.input<typeof listPaymentsQuery>,
): Promise<CursorPage<PaymentDto>> {
  assertCan(ctx, "payment.read");
  const q = parseInput(listPaymentsQuery, query);
  const after = decodeCursor("payments", q.cursor);
  return withTenant(ctx, async (t) => {
    const invoice = await invoiceInScope(t, invoiceId);
    const rows = await repo.listPaymentsAfter(t, invoiceId, after, q.limit);
    return cursorPage(
      "payments",
      rows.map((p) => ({ ...p, currency: invoice.currency })),
      q.limit,
    );
  });
}

/**
 * Records a payment against a sent or overdue invoice. The invoice row is locked first, so concurrent
 * payments queue and can never together exceed the balance; reaching zero marks it paid in the same transaction.
 */
export async function recordPayment(ctx: TenantContext, invoiceId: string, input: RecordPaymentFields): Promise<PaymentDto> {
  assertCan(ctx, "payment.record");
  const v = parseInput(recordPaymentInput, input);
  return withTenant(ctx, async (t) => {
    const invoice = await invoiceForPayment(t, invoiceId);
    nextStatus(invoice.status, "record_payment");
    if (v.paidOn > today()) {
      throw new AppError("validation_failed", "A payment cannot be dated in the future", {
        paidOn: ["A payment cannot be dated in the future"],
      });
    }
    if (v.paidOn < invoice.issueDate) {
      const message = `A payment cannot be dated before the invoice's issue date (${invoice.issueDate})`;
      throw new AppError("validation_failed", message, { paidOn: [message] });
    }
    let amountMinor: number;
    try {
      amountMinor = parseMoney(v.amount, invoice.currency);
    } catch (err) {
      if (err instanceof AppError) throw new AppError("validation_failed", err.message, { amount: [err.message] });
      throw err;
    }
    if (amountMinor <= 0)
      throw new AppError("validation_failed", "The amount must be above zero", { amount: ["The amount must be above zero"] });
    const paid = await repo.sumPayments(t, invoiceId);
    const balance = invoice.totalMinor - paid;
    if (amountMinor > balance) {
      const message = `That is more than the balance due of ${formatMoney(balance, invoice.currency)}`;
      throw new AppError("validation_failed", message, { amount: [message] });
    }
    const payment = await repo.insertPayment(t, {
      invoiceId,
      amountMinor,
      paidOn: v.paidOn,
      method: v.method,
      reference: v.reference,
      recordedBy: ctx.userId,
    });
    await recordAuditEvent(t, ctx, {
      action: "payment.recorded",
      targetType: "payment",
      targetId: payment.id,
      detail: { invoiceId, amountMinor, currency: invoice.currency },
    });
    await applyAmountPaid(t, ctx, invoice, paid + amountMinor);
    return { ...payment, currency: invoice.currency };
  });
}

/** Deleting a payment re-opens the balance (and a paid invoice's status). */
export async function deletePayment(ctx: TenantContext, paymentId: string): Promise<void> {
  assertCan(ctx, "payment.delete");
  if (!isUuid(paymentId)) throw AppError.notFound("Payment");
  await withTenant(ctx, async (t) => {
    const payment = await repo.findPayment(t, paymentId);
    if (!payment) throw AppError.notFound("Payment");
    const invoice = await invoiceForPayment(t, payment.invoiceId);
    // Re-read under the invoice lock: a concurrent delete of the same payment finds it gone.
    if (!(await repo.findPayment(t, paymentId))) throw AppError.notFound("Payment");
    await repo.deletePayment(t, paymentId);
    await recordAuditEvent(t, ctx, {
      action: "payment.deleted",
      targetType: "payment",
      targetId: paymentId,
      detail: { invoiceId: payment.invoiceId, amountMinor: payment.amountMinor, currency: invoice.currency },
    });
    await applyAmountPaid(t, ctx, invoice, await repo.sumPayments(t, payment.invoiceId));
  });
}
