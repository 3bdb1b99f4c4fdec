import { and, asc, desc, eq, gte, ilike, inArray, lte, sql, type SQL } from "drizzle-orm";
import { now } from "@/lib/clock";
import type { Cursor } from "@/platform/pagination";
import { clients, invoiceLines, invoices } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { InvoiceStatus } from "./invoice-lifecycle";
import type { Discount, InvoiceLineDto, InvoiceSummaryDto, ListInvoicesQuery } from "./invoices.schemas";

export const summaryColumns = {
  id: invoices.id,
  number: invoices.number,
  status: sql<InvoiceStatus>`${invoices.status}`,
  clientId: invoices.clientId,
  clientName: clients.name,
  currency: invoices.currency,
  issueDate: invoices.issueDate,
  dueDate: invoices.dueDate,
  totalMinor: invoices.totalMinor,
  amountPaidMinor: invoices.amountPaidMinor,
  balanceDueMinor: invoices.balanceDueMinor,
  createdAt: invoices.createdAt,
  updatedAt: invoices.updatedAt,
};

const detailColumns = {
  ...summaryColumns,
  notes: invoices.notes,
  discountKind: invoices.discountKind,
  discountValue: invoices.discountValue,
  subtotalMinor: invoices.subtotalMinor,
  discountMinor: invoices.discountMinor,
  taxMinor: invoices.taxMinor,
  duplicatedFromId: invoices.duplicatedFromId,
  sentAt: invoices.sentAt,
  paidAt: invoices.paidAt,
  voidedAt: invoices.voidedAt,
};

export type InvoiceRow = Awaited<ReturnType<typeof findInvoice>> & object;

export function toDiscount(kind: string | null, value: number | null): Discount | null {
  if (kind === "percent" && value !== null) return { kind, basisPoints: value };
  if (kind === "amount" && value !== null) return { kind, minor: value };
  return null;
}

export function fromDiscount(d: Discount | null): { kind: string | null; value: number | null } {
  if (!d) return { kind: null, value: null };
  return d.kind === "percent" ? { kind: "percent", value: d.basisPoints } : { kind: "amount", value: d.minor };
}

const sameInvoice = (t: TenantScope, id: string) => and(eq(invoices.workspaceId, t.workspaceId), eq(invoices.id, id));

/** The invoice with its client's name; `forUpdate` locks the invoice row for the rest of the transaction. */
export async function findInvoice(t: TenantScope, id: string, forUpdate = false) {
  const query = t.db
    .select(detailColumns)
    .from(invoices)
    .innerJoin(clients, and(eq(clients.workspaceId, invoices.workspaceId), eq(clients.id, invoices.clientId)))
    .where(sameInvoice(t, id));
  const [row] = forUpdate ? await query.for("update", { of: invoices }) : await query;
  return row;
}

export async function findLines(t: TenantScope, invoiceId: string): Promise<InvoiceLineDto[]> {
  const rows = await t.db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.workspaceId, t.workspaceId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(asc(invoiceLines.position));
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    description: r.description,
    quantityMilli: r.quantityMilli,
    unitPriceMinor: r.unitPriceMinor,
    taxRateId: r.taxRateId,
    taxRateName: r.taxRateName,
    taxRateMilliPercent: r.taxRateMilliPercent,
    discount: toDiscount(r.discountKind, r.discountValue),
    netMinor: r.netMinor,
    taxMinor: r.taxMinor,
  }));
}

export interface InvoiceWrite {
  clientId: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  notes: string | null;
  discount: Discount | null;
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  amountPaidMinor: number;
  balanceDueMinor: number;
}

function invoiceValues(v: InvoiceWrite) {
  const { discount, ...rest } = v;
  const d = fromDiscount(discount);
  return { ...rest, discountKind: d.kind, discountValue: d.value };
}

export async function insertInvoice(t: TenantScope, v: InvoiceWrite & { duplicatedFromId?: string | null }): Promise<string> {
  const [row] = await t.db
    .insert(invoices)
    .values({ ...invoiceValues(v), duplicatedFromId: v.duplicatedFromId ?? null, workspaceId: t.workspaceId, status: "draft" })
    .returning({ id: invoices.id });
  return row!.id;
}

export async function updateInvoice(
  t: TenantScope,
  id: string,
  v: Partial<InvoiceWrite> & { status?: InvoiceStatus; number?: string; sentAt?: Date; paidAt?: Date | null; voidedAt?: Date },
): Promise<void> {
  const { discount, ...rest } = v;
  const d = discount === undefined ? {} : (({ kind, value }) => ({ discountKind: kind, discountValue: value }))(fromDiscount(discount));
  await t.db
    .update(invoices)
    .set({ ...rest, ...d, updatedAt: now() })
    .where(sameInvoice(t, id));
}

export type LineWrite = Omit<InvoiceLineDto, "id">;

export async function replaceLines(t: TenantScope, invoiceId: string, lines: LineWrite[]): Promise<void> {
  await t.db.delete(invoiceLines).where(and(eq(invoiceLines.workspaceId, t.workspaceId), eq(invoiceLines.invoiceId, invoiceId)));
  if (lines.length === 0) return;
  await t.db.insert(invoiceLines).values(
    lines.map(({ discount, ...l }) => {
      const d = fromDiscount(discount);
      return { ...l, discountKind: d.kind, discountValue: d.value, invoiceId, workspaceId: t.workspaceId };
    }),
  );
}

export async function deleteInvoice(t: TenantScope, id: string): Promise<void> {
  await t.db.delete(invoices).where(sameInvoice(t, id));
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function listFilters(t: TenantScope, q: Omit<ListInvoicesQuery, "sort" | "dir" | "page" | "pageSize">): SQL {
  const filters: (SQL | undefined)[] = [eq(invoices.workspaceId, t.workspaceId)];
  if (q.status?.length) filters.push(inArray(invoices.status, q.status));
  if (q.clientId) filters.push(eq(invoices.clientId, q.clientId));
  if (q.issuedFrom) filters.push(gte(invoices.issueDate, q.issuedFrom));
  if (q.issuedTo) filters.push(lte(invoices.issueDate, q.issuedTo));
  if (q.updatedSince) filters.push(gte(invoices.updatedAt, new Date(q.updatedSince)));
  if (q.q) filters.push(ilike(invoices.number, `%${escapeLike(q.q)}%`));
  return and(...filters)!;
}

function listOrder(q: ListInvoicesQuery): SQL[] {
  const dir = q.dir === "asc" ? asc : desc;
  const key = {
    issue_date: invoices.issueDate,
    due_date: invoices.dueDate,
    number: invoices.number,
    total: invoices.totalMinor,
    client: sql`lower(${clients.name})`,
    status: invoices.status,
    created_at: invoices.createdAt,
  }[q.sort];
  return [dir(key), dir(invoices.createdAt), dir(invoices.id)];
}

export async function listInvoices(t: TenantScope, q: ListInvoicesQuery): Promise<{ items: InvoiceSummaryDto[]; total: number }> {
  const rows = await t.db
    .select({ ...summaryColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(invoices)
    .innerJoin(clients, and(eq(clients.workspaceId, invoices.workspaceId), eq(clients.id, invoices.clientId)))
    .where(listFilters(t, q))
    .orderBy(...listOrder(q))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.page > 1) {
    const [row] = await t.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(invoices)
      .where(listFilters(t, q));
    total = row?.n ?? 0;
  }
  return { items: rows.map(({ total: _t, ...r }) => r), total };
}

/** Every invoice matching the filters, for the CSV export (bounded). */
export async function listAllInvoices(t: TenantScope, q: ListInvoicesQuery, limit: number): Promise<InvoiceSummaryDto[]> {
  return t.db
    .select(summaryColumns)
    .from(invoices)
    .innerJoin(clients, and(eq(clients.workspaceId, invoices.workspaceId), eq(clients.id, invoices.clientId)))
    .where(listFilters(t, q))
    .orderBy(...listOrder(q))
    .limit(limit);
}

/** Sent invoices past their due date become overdue, a bounded batch at a time; safe to run concurrently. */
export async function markOverdueBatch(t: TenantScope, today: string, batchSize: number): Promise<{ id: string; number: string | null }[]> {
  return t.db.execute<{ id: string; number: string | null }>(sql`
    update invoices set status = 'overdue', updated_at = ${now().toISOString()}::timestamptz
    where workspace_id = ${t.workspaceId} and id in (
      select id from invoices
      where workspace_id = ${t.workspaceId} and status = 'sent' and due_date < ${today}
      order by due_date, id
      limit ${batchSize}
      for update skip locked)
    returning id, number`);
}

export async function listOpenDueBefore(
  t: TenantScope,
  statuses: InvoiceStatus[],
  dueBefore: string,
  limit: number,
): Promise<InvoiceSummaryDto[]> {
  return t.db
    .select(summaryColumns)
    .from(invoices)
    .innerJoin(clients, and(eq(clients.workspaceId, invoices.workspaceId), eq(clients.id, invoices.clientId)))
    .where(and(eq(invoices.workspaceId, t.workspaceId), inArray(invoices.status, statuses), sql`${invoices.dueDate} < ${dueBefore}`))
    .orderBy(asc(invoices.dueDate), asc(invoices.id))
    .limit(limit);
}

export async function numberTaken(t: TenantScope, number: string): Promise<boolean> {
  const rows = await t.db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, t.workspaceId), eq(invoices.number, number)))
    .limit(1);
  return rows.length > 0;
}

export type PageRow = {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  client_id: string;
  client_name: string;
  currency: string;
  issue_date: string;
  due_date: string;
  total_minor: string;
  amount_paid_minor: string;
  balance_due_minor: string;
  created_at: string;
  updated_at: string;
};

/**
 * Newest first, after the cursor (keyset on created_at, id); `limit + 1` rows. The API's hottest
 * query, so written as SQL (a prepared statement per filter combination) and run with
 * `tenantQuery` in a single round trip. The page is cut from invoices alone (an index walk on
 * (workspace_id, created_at, id)) before clients are joined, so a workspace with tens of thousands of
 * invoices costs the same as a small one.
 */
export function listInvoicesAfterStatement(
  workspaceId: string,
  q: Omit<ListInvoicesQuery, "sort" | "dir" | "page" | "pageSize">,
  after: Cursor | undefined,
  limit: number,
): SQL {
  const where = [sql`i.workspace_id = ${workspaceId}`];
  if (q.status?.length)
    where.push(
      sql`i.status in (${sql.join(
        q.status.map((st) => sql`${st}`),
        sql`, `,
      )})`,
    );
  if (q.clientId) where.push(sql`i.client_id = ${q.clientId}`);
  if (q.issuedFrom) where.push(sql`i.issue_date >= ${q.issuedFrom}`);
  if (q.issuedTo) where.push(sql`i.issue_date <= ${q.issuedTo}`);
  if (q.updatedSince) where.push(sql`i.updated_at >= ${new Date(q.updatedSince).toISOString()}`);
  if (q.q) where.push(sql`i.number ilike ${`%${escapeLike(q.q)}%`}`);
  if (after) where.push(sql`(i.created_at, i.id) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`);
  return sql`
    select p.id, p.number, p.status, p.client_id, c.name as client_name, p.currency, p.issue_date, p.due_date,
           p.total_minor, p.amount_paid_minor, p.balance_due_minor, p.created_at, p.updated_at
    from (
      select i.workspace_id, i.id, i.number, i.status, i.client_id, i.currency, i.issue_date, i.due_date,
             i.total_minor, i.amount_paid_minor, i.balance_due_minor, i.created_at, i.updated_at
      from invoices i
      where ${sql.join(where, sql` and `)}
      order by i.created_at desc, i.id desc
      limit ${limit + 1}
    ) p
    join clients c on c.workspace_id = p.workspace_id and c.id = p.client_id
    order by p.created_at desc, p.id desc`;
}

export function summaryFromRow(r: PageRow): InvoiceSummaryDto {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    clientId: r.client_id,
    clientName: r.client_name,
    currency: r.currency,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    totalMinor: Number(r.total_minor),
    amountPaidMinor: Number(r.amount_paid_minor),
    balanceDueMinor: Number(r.balance_due_minor),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** The numbers (null for drafts) of those of these invoices that still exist in the workspace. */
export async function invoiceNumbersByIds(t: TenantScope, ids: string[]): Promise<{ id: string; number: string | null }[]> {
  if (ids.length === 0) return [];
  return t.db
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, t.workspaceId), inArray(invoices.id, ids)));
}
