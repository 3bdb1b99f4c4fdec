import { sql } from "drizzle-orm";
import { today } from "@/lib/clock";
import { isUuid } from "@/lib/ids";
import { AppError } from "@/platform/errors";
import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext } from "@/platform/db/tenant";

/** What one client owes in one currency: the balance of their open invoices, and the part of it past due. */
export interface ClientBalance {
  currency: string;
  balanceDueMinor: number;
  openCount: number;
  overdueMinor: number;
  overdueCount: number;
}

/**
 * What a client owes, per currency (sent and overdue invoices only: a draft or a void invoice owes
 * nothing). Past due is an overdue invoice or a sent one whose due date is before today — the
 * dashboard's rule, for one client.
 */
export async function clientBalances(ctx: TenantContext, clientId: string): Promise<ClientBalance[]> {
  assertCan(ctx, "invoice.read");
  if (!isUuid(clientId)) throw AppError.notFound("Client");
  const day = today();
  const rows = await withTenant(ctx, (t) =>
    t.db.execute<{ currency: string; balance: string; open_count: number; overdue: string | null; overdue_count: number }>(sql`
      select currency, sum(balance_due_minor) as balance, count(*)::int as open_count,
             sum(balance_due_minor) filter (where status = 'overdue' or due_date < ${day}) as overdue,
             (count(*) filter (where status = 'overdue' or due_date < ${day}))::int as overdue_count
      from invoices
      where workspace_id = ${t.workspaceId} and client_id = ${clientId} and status in ('sent', 'overdue')
      group by currency order by currency`),
  );
  return [...rows].map((r) => ({
    currency: r.currency,
    balanceDueMinor: Number(r.balance),
    openCount: r.open_count,
    overdueMinor: Number(r.overdue ?? 0),
    overdueCount: r.overdue_count,
  }));
}
