import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { now } from "@/lib/clock";
import type { Cursor } from "@/platform/pagination";
import { clients, invoiceLines, invoices } from "@/platform/db/schema";
import { containsPattern } from "@/platform/db/search";
import type { TenantScope } from "@/platform/db/tenant";
import type { VatCategory } from "@/lib/einvoice-codes";
import type { InvoiceStatus } from "./invoice-lifecycle";
import type { Discount, InvoiceLineDto, InvoiceSort, InvoiceSummaryDto, ListInvoicesQuery } from "./invoices.schemas";

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
  buyerReference: invoices.buyerReference,
  purchaseOrderReference: invoices.purchaseOrderReference,
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
    unitCode: r.unitCode,
    unitPriceMinor: r.unitPriceMinor,
    taxRateId: r.taxRateId,
    taxRateName: r.taxRateName,
    taxRateMilliPercent: r.taxRateMilliPercent,
    vatCategory: r.vatCategory as VatCategory | null,
    exemptionReason: r.exemptionReason,
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
  buyerReference: string | null;
  purchaseOrderReference: string | null;
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
  /** The sort column's value as text, for the next cursor (null when sorting by creation time). */
  sort_key: string | null;
};

/** The list's filters over `invoices i`: the one filter builder for the list, its count and the export. */
function listConditions(workspaceId: string, q: InvoiceFilters): SQL[] {
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
  if (q.q) {
    // The number, the client's name or a line's description; each expression as the migration `search` indexes it.
    const pattern = containsPattern(q.q);
    where.push(sql`(public.workledger_unaccent(i.number) ilike ${pattern}
      or exists (select 1 from clients sc where sc.workspace_id = i.workspace_id and sc.id = i.client_id
                 and public.workledger_unaccent(sc.name) ilike ${pattern})
      or exists (select 1 from invoice_lines sl where sl.workspace_id = i.workspace_id and sl.invoice_id = i.id
                 and public.workledger_unaccent(sl.description) ilike ${pattern}))`);
  }
  return where;
}

type InvoiceFilters = Omit<ListInvoicesQuery, "sort" | "dir">;

/**
 * Each order's sort column over `i` (and `c`, clients, for the client's name) with the type a cursor's
 * text value is read back as; creation time alone needs no column. Ties always go by (created_at, id).
 */
const SORT_COLUMNS: Record<InvoiceSort, { column: SQL; type: SQL } | null> = {
  created_at: null,
  issue_date: { column: sql`i.issue_date`, type: sql`date` },
  due_date: { column: sql`i.due_date`, type: sql`date` },
  number: { column: sql`coalesce(i.number, '')`, type: sql`text` },
  total: { column: sql`i.total_minor`, type: sql`bigint` },
  client: { column: sql`lower(c.name)`, type: sql`text` },
  status: { column: sql`i.status`, type: sql`text` },
};

/** Whether an order's cursor must carry the sort column's value. */
export function sortNeedsKey(sort: InvoiceSort): boolean {
  return SORT_COLUMNS[sort] !== null;
}

/**
 * One page of the list in the asked order, after the cursor (keyset on (sort column, created_at, id),
 * all in one direction, so one row comparison); `limit + 1` rows. The page is cut from invoices alone
 * (joined to clients first only when sorting by the client's name), and the names are joined to the
 * page, so a workspace with tens of thousands of invoices costs the same as a small one. Written as
 * SQL so `tenantQuery` runs it as one prepared statement in a single round trip (the API's hottest query).
 */
export function listInvoicesStatement(workspaceId: string, q: ListInvoicesQuery, after: Cursor | undefined, limit: number): SQL {
  const where = listConditions(workspaceId, q);
  const sort = SORT_COLUMNS[q.sort];
  const dir = q.dir === "asc" ? sql`asc` : sql`desc`;
  if (after) {
    const cmp = q.dir === "asc" ? sql`>` : sql`<`;
    const position = sql`${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid`;
    where.push(
      sort
        ? sql`(${sort.column}, i.created_at, i.id) ${cmp} (cast(${after.key ?? null} as ${sort.type}), ${position})`
        : sql`(i.created_at, i.id) ${cmp} (${position})`,
    );
  }
  const sortValue = sort ? sort.column : sql`null::text`;
  // Creation order needs no sort column: the index on (workspace_id, created_at, id) serves it as is.
  const innerOrder = sort ? sql`${sort.column} ${dir}, i.created_at ${dir}, i.id ${dir}` : sql`i.created_at ${dir}, i.id ${dir}`;
  const outerOrder = sort ? sql`p.sort_value ${dir}, p.created_at ${dir}, p.id ${dir}` : sql`p.created_at ${dir}, p.id ${dir}`;
  const join = q.sort === "client" ? sql`join clients c on c.workspace_id = i.workspace_id and c.id = i.client_id` : sql``;
  return sql`
    select p.id, p.number, p.status, p.client_id, c.name as client_name, p.currency, p.issue_date, p.due_date,
           p.total_minor, p.amount_paid_minor, p.balance_due_minor, p.created_at, p.updated_at, p.sort_key
    from (
      select i.workspace_id, i.id, i.number, i.status, i.client_id, i.currency, i.issue_date, i.due_date,
             i.total_minor, i.amount_paid_minor, i.balance_due_minor, i.created_at, i.updated_at,
             ${sortValue} as sort_value, (${sortValue})::text as sort_key
      from invoices i ${join}
      where ${sql.join(where, sql` and `)}
      order by ${innerOrder}
      limit ${limit + 1}
    ) p
    join clients c on c.workspace_id = p.workspace_id and c.id = p.client_id
    order by ${outerOrder}`;
}

/** How many invoices match the list's filters (for the page's "N invoices"). */
export async function countInvoices(t: TenantScope, q: InvoiceFilters): Promise<number> {
  const rows = await t.db.execute<{ n: string }>(
    sql`select count(*) as n from invoices i where ${sql.join(listConditions(t.workspaceId, q), sql` and `)}`,
  );
  return Number(rows[0]?.n ?? 0);
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
