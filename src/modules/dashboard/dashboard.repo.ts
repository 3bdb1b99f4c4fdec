import { sql } from "drizzle-orm";
import type { TenantScope } from "@/platform/db/tenant";

export interface CurrencyAmount {
  currency: string;
  amountMinor: number;
  count: number;
}

function rows<T>(r: Iterable<T>): T[] {
  return [...r];
}

export async function balances(t: TenantScope, today: string): Promise<{ outstanding: CurrencyAmount[]; overdue: CurrencyAmount[] }> {
  const result = rows(
    await t.db.execute<{ currency: string; outstanding: string; outstanding_count: number; overdue: string; overdue_count: number }>(sql`
      select currency,
             sum(balance_due_minor) as outstanding, count(*)::int as outstanding_count,
             sum(balance_due_minor) filter (where status = 'overdue' or due_date < ${today}) as overdue,
             (count(*) filter (where status = 'overdue' or due_date < ${today}))::int as overdue_count
      from invoices
      where workspace_id = ${t.workspaceId} and status in ('sent', 'overdue')
      group by currency order by currency`),
  );
  return {
    outstanding: result.map((r) => ({ currency: r.currency, amountMinor: Number(r.outstanding), count: r.outstanding_count })),
    overdue: result
      .filter((r) => r.overdue_count > 0)
      .map((r) => ({ currency: r.currency, amountMinor: Number(r.overdue ?? 0), count: r.overdue_count })),
  };
}

export async function paidBetween(t: TenantScope, from: string, to: string): Promise<CurrencyAmount[]> {
  const result = rows(
    await t.db.execute<{ currency: string; amount: string; count: number }>(sql`
      select i.currency, sum(p.amount_minor) as amount, count(*)::int as count
      from payments p join invoices i on i.workspace_id = p.workspace_id and i.id = p.invoice_id
      where p.workspace_id = ${t.workspaceId} and p.paid_on >= ${from} and p.paid_on < ${to}
      group by i.currency order by i.currency`),
  );
  return result.map((r) => ({ currency: r.currency, amountMinor: Number(r.amount), count: r.count }));
}

export interface MonthRow {
  month: string;
  currency: string;
  invoicedMinor: number;
  paidMinor: number;
}

/** Per month and currency: what was invoiced (sent invoices by issue date) and what was paid (by payment date). */
export async function monthly(t: TenantScope, fromMonth: string, toExclusive: string): Promise<MonthRow[]> {
  const result = rows(
    await t.db.execute<{ month: string; currency: string; invoiced: string; paid: string }>(sql`
      with invoiced as (
        select to_char(issue_date, 'YYYY-MM') as month, currency, sum(total_minor) as amount
        from invoices
        where workspace_id = ${t.workspaceId} and status in ('sent', 'overdue', 'paid') and issue_date >= ${fromMonth} and issue_date < ${toExclusive}
        group by 1, 2),
      paid as (
        select to_char(p.paid_on, 'YYYY-MM') as month, i.currency, sum(p.amount_minor) as amount
        from payments p join invoices i on i.workspace_id = p.workspace_id and i.id = p.invoice_id
        where p.workspace_id = ${t.workspaceId} and p.paid_on >= ${fromMonth} and p.paid_on < ${toExclusive}
        group by 1, 2)
      select coalesce(a.month, b.month) as month, coalesce(a.currency, b.currency) as currency,
             coalesce(a.amount, 0) as invoiced, coalesce(b.amount, 0) as paid
      from invoiced a full join paid b on a.month = b.month and a.currency = b.currency
      order by 1, 2`),
  );
  return result.map((r) => ({ month: r.month, currency: r.currency, invoicedMinor: Number(r.invoiced), paidMinor: Number(r.paid) }));
}
