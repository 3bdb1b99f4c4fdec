/** Writing drafts: create, update, delete, duplicate. */
import { assertWithinLimit } from "@/modules/plans/plans.service";
import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError, fieldErrorsFromZod } from "@/platform/errors";
import { isUuid } from "@/lib/ids";
import { today } from "@/lib/clock";
import { addDays } from "@/lib/dates";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import { nextStatus } from "./invoice-lifecycle";
import {
  createInvoiceInput,
  updateInvoiceInput,
  type CreateInvoiceFields,
  type InvoiceDto,
  type InvoiceInput,
  type UpdateInvoiceFields,
} from "./invoices.schemas";
import * as repo from "./invoices.repo";
import { loadInvoice, lockInvoice } from "./invoice-read";
import { mergeAmountAndDateErrors, prepareDraft, throwUnlessDiscountsFit, totalsColumns, totalsOfStoredLines } from "./invoice-draft";
import type { z } from "@hono/zod-openapi";
import { clientInScope } from "@/modules/clients/clients.service";

const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * Parses a draft's input with its schema; when the shape is refused, the amount and date checks run
 * on the readable rest too and the error names every field at once. The currency (for the amounts'
 * decimals) is the one sent, else `currencyOf` the workspace's data (the client's, or the invoice's).
 */
async function parseDraftInput<S extends z.ZodType>(
  ctx: TenantContext,
  schema: S,
  input: unknown,
  currencyOf: (t: TenantScope, raw: Record<string, unknown>) => Promise<string>,
): Promise<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const raw = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const currency =
    typeof raw.currency === "string" && CURRENCY_CODE.test(raw.currency) ? raw.currency : await withTenant(ctx, (t) => currencyOf(t, raw));
  throw new AppError(
    "validation_failed",
    "Some fields are not valid",
    mergeAmountAndDateErrors(fieldErrorsFromZod(result.error), raw, currency),
  );
}

/** Field paths of the API ("lines.0.unit_price") as the services name them ("lines.0.unitPrice"). */
const camelPath = (path: string) => path.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());

/**
 * The API's answer to a draft body its schema refused on a rule (the route's explainRefusedBody): the
 * refusal with the amount and date checks of the readable rest merged in, as the service does.
 */
export async function explainRefusedDraft(ctx: TenantContext, raw: unknown, refused: AppError, invoiceId?: string): Promise<AppError> {
  assertCan(ctx, invoiceId === undefined ? "invoice.create" : "invoice.update");
  const body = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const currency =
    typeof body.currency === "string" && CURRENCY_CODE.test(body.currency)
      ? body.currency
      : await withTenant(ctx, (t) => (invoiceId === undefined ? newDraftCurrency(t, body) : draftCurrency(t, invoiceId)));
  const shapeErrors = Object.fromEntries(Object.entries(refused.fieldErrors ?? {}).map(([path, messages]) => [camelPath(path), messages]));
  return new AppError(refused.code, refused.message, mergeAmountAndDateErrors(shapeErrors, body, currency));
}

/** An existing draft's currency (or the workspace's default when the id names none of its invoices). */
async function draftCurrency(t: TenantScope, id: string): Promise<string> {
  const row = isUuid(id) ? await repo.findInvoice(t, id) : undefined;
  return row?.currency ?? (await settingsInScope(t)).defaultCurrency;
}

/** A new draft's currency when none was sent: its client's, else the workspace's default. */
async function newDraftCurrency(t: TenantScope, raw: Record<string, unknown>): Promise<string> {
  const client = typeof raw.clientId === "string" ? await clientInScope(t, raw.clientId) : undefined;
  return client?.currency ?? (await settingsInScope(t)).defaultCurrency;
}

export async function createInvoice(ctx: TenantContext, input: CreateInvoiceFields): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.create");
  const v = await parseDraftInput(ctx, createInvoiceInput, input, newDraftCurrency);
  return withTenant(ctx, async (t) => {
    await assertWithinLimit(t, "invoicesPerMonth");
    const draft = await prepareDraft(
      t,
      {
        ...v,
        notes: v.notes ?? null,
        buyerReference: v.buyerReference ?? null,
        purchaseOrderReference: v.purchaseOrderReference ?? null,
        discount: v.discount ?? null,
        lines: v.lines ?? [],
      },
      { isNew: true, existingRateIds: new Set(), amountPaidMinor: 0 },
    );
    const id = await repo.insertInvoice(t, { ...draft, ...totalsColumns(draft.totals) });
    await repo.replaceLines(t, id, draft.lines);
    await recordAuditEvent(t, ctx, {
      action: "invoice.created",
      targetType: "invoice",
      targetId: id,
      detail: { clientId: draft.clientId, totalMinor: draft.totals.totalMinor, currency: draft.currency },
    });
    return (await loadInvoice(t, id))!;
  });
}

/** Only drafts are editable; `lines`, when given, replaces every line. */
export async function updateInvoice(ctx: TenantContext, id: string, input: UpdateInvoiceFields): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.update");
  const v: InvoiceInput = await parseDraftInput(ctx, updateInvoiceInput, input, (t) => draftCurrency(t, id));
  return withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    nextStatus(row.status, "edit");
    const existing = await repo.findLines(t, id);
    const keepLines = v.lines === undefined;
    const draft = await prepareDraft(
      t,
      {
        clientId: v.clientId ?? row.clientId,
        currency: v.currency ?? row.currency,
        issueDate: v.issueDate ?? row.issueDate,
        dueDate: v.dueDate ?? (v.issueDate && !v.dueDate ? undefined : row.dueDate),
        notes: v.notes !== undefined ? v.notes : row.notes,
        buyerReference: v.buyerReference !== undefined ? v.buyerReference : row.buyerReference,
        purchaseOrderReference: v.purchaseOrderReference !== undefined ? v.purchaseOrderReference : row.purchaseOrderReference,
        discount: v.discount !== undefined ? v.discount : repo.toDiscount(row.discountKind, row.discountValue),
        lines: keepLines ? [] : v.lines!,
      },
      {
        isNew: false,
        existingRateIds: new Set(existing.map((l) => l.taxRateId).filter((x): x is string => !!x)),
        amountPaidMinor: 0,
        keepLines,
      },
    );
    if (keepLines) {
      if (v.currency && v.currency !== row.currency && existing.length > 0) {
        throw new AppError("validation_failed", "Send the lines again when changing the currency", {
          currency: ["Changing the currency needs the lines with prices in the new currency"],
        });
      }
      // Same lines, new invoice-level discount or dates: recompute from the stored lines.
      const totals = totalsOfStoredLines(existing, draft.discount, 0);
      throwUnlessDiscountsFit(totals, [], draft.discount, draft.currency);
      draft.totals = totals;
      draft.lines = existing.map(({ id: _id, ...l }, i) => ({
        ...l,
        netMinor: totals.lines[i]!.netMinor,
        taxMinor: totals.lines[i]!.taxMinor,
      }));
    }
    await repo.updateInvoice(t, id, {
      clientId: draft.clientId,
      currency: draft.currency,
      issueDate: draft.issueDate,
      dueDate: draft.dueDate,
      notes: draft.notes,
      buyerReference: draft.buyerReference,
      purchaseOrderReference: draft.purchaseOrderReference,
      discount: draft.discount,
      ...totalsColumns(draft.totals),
    });
    await repo.replaceLines(t, id, draft.lines);
    // The editor sends every field: the audit log names only those whose value changed.
    const lineKey = (l: Omit<repo.LineWrite, "netMinor" | "taxMinor">) =>
      JSON.stringify([l.description, l.quantityMilli, l.unitCode, l.unitPriceMinor, l.taxRateId, l.discount]);
    const changed = [
      ...(draft.clientId !== row.clientId ? ["clientId"] : []),
      ...(draft.currency !== row.currency ? ["currency"] : []),
      ...(draft.issueDate !== row.issueDate ? ["issueDate"] : []),
      ...(draft.dueDate !== row.dueDate ? ["dueDate"] : []),
      ...(draft.notes !== row.notes ? ["notes"] : []),
      ...(draft.buyerReference !== row.buyerReference ? ["buyerReference"] : []),
      ...(draft.purchaseOrderReference !== row.purchaseOrderReference ? ["purchaseOrderReference"] : []),
      ...(JSON.stringify(draft.discount) !== JSON.stringify(repo.toDiscount(row.discountKind, row.discountValue)) ? ["discount"] : []),
      ...(!keepLines && draft.lines.map(lineKey).join("\n") !== existing.map(lineKey).join("\n") ? ["lines"] : []),
    ];
    if (changed.length > 0) {
      await recordAuditEvent(t, ctx, {
        action: "invoice.updated",
        targetType: "invoice",
        targetId: id,
        detail: { fields: changed, totalMinor: draft.totals.totalMinor, currency: draft.currency },
      });
    }
    return (await loadInvoice(t, id))!;
  });
}

export async function deleteInvoice(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx, "invoice.delete");
  await withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    nextStatus(row.status, "delete");
    await repo.deleteInvoice(t, id);
    await recordAuditEvent(t, ctx, { action: "invoice.deleted", targetType: "invoice", targetId: id, detail: { clientId: row.clientId } });
  });
}

/** A new draft with the same client, currency, notes, discount and lines, dated today. */
export async function duplicateInvoice(ctx: TenantContext, id: string): Promise<InvoiceDto> {
  assertCan(ctx, "invoice.duplicate");
  return withTenant(ctx, async (t) => {
    const row = await lockInvoice(t, id);
    nextStatus(row.status, "duplicate");
    await assertWithinLimit(t, "invoicesPerMonth");
    const lines = await repo.findLines(t, id);
    const settings = await settingsInScope(t);
    const issueDate = today();
    const discount = repo.toDiscount(row.discountKind, row.discountValue);
    const totals = totalsOfStoredLines(lines, discount, 0);
    const newId = await repo.insertInvoice(t, {
      clientId: row.clientId,
      currency: row.currency,
      issueDate,
      dueDate: addDays(issueDate, settings.paymentTermsDays),
      notes: row.notes,
      buyerReference: row.buyerReference,
      purchaseOrderReference: row.purchaseOrderReference,
      discount,
      duplicatedFromId: id,
      ...totalsColumns(totals),
    });
    await repo.replaceLines(
      t,
      newId,
      lines.map(({ id: _id, ...l }, i) => ({ ...l, netMinor: totals.lines[i]!.netMinor, taxMinor: totals.lines[i]!.taxMinor })),
    );
    await recordAuditEvent(t, ctx, {
      action: "invoice.duplicated",
      targetType: "invoice",
      targetId: newId,
      detail: { from: id, fromNumber: row.number },
    });
    return (await loadInvoice(t, newId))!;
  });
}
