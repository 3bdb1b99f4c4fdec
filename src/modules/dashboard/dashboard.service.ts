import { assertCan } from "@/platform/permissions";
import { withTenant, type TenantContext } from "@/platform/db/tenant";
import { now, today } from "@/lib/clock";
import { listOpenInvoicesDueBefore } from "@/modules/invoices/invoices.service";
import { settingsInScope } from "@/modules/invoice-settings/invoice-settings.service";
import type { InvoiceSummaryDto } from "@/modules/invoices/invoices.schemas";
import * as repo from "./dashboard.repo";

export interface Dashboard {
  defaultCurrency: string;
  outstanding: repo.CurrencyAmount[];
  overdue: repo.CurrencyAmount[];
  paidThisMonth: repo.CurrencyAmount[];
  /** The last 12 months, oldest first, every month present for every currency seen. */
  months: string[];
  monthly: repo.MonthRow[];
  mostOverdue: InvoiceSummaryDto[];
}

function monthStart(d: Date, offset: number): string {
  const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
  return x.toISOString().slice(0, 10);
}

export async function getDashboard(ctx: TenantContext): Promise<Dashboard> {
  assertCan(ctx, "invoice.read");
  const at = now();
  const day = today();
  const thisMonth = monthStart(at, 0);
  const nextMonth = monthStart(at, 1);
  const firstMonth = monthStart(at, -11);
  const months = Array.from({ length: 12 }, (_, i) => monthStart(at, i - 11).slice(0, 7));
  return withTenant(ctx, async (t) => {
    const settings = await settingsInScope(t);
    const { outstanding, overdue } = await repo.balances(t, day);
    const paidThisMonth = await repo.paidBetween(t, thisMonth, nextMonth);
    const rows = await repo.monthly(t, firstMonth, nextMonth);
    const currencies = [...new Set([settings.defaultCurrency, ...rows.map((r) => r.currency)])];
    const monthly = currencies.flatMap((currency) =>
      months.map(
        (month) => rows.find((r) => r.month === month && r.currency === currency) ?? { month, currency, invoicedMinor: 0, paidMinor: 0 },
      ),
    );
    const mostOverdue = await listOpenInvoicesDueBefore(t, day, 5);
    return { defaultCurrency: settings.defaultCurrency, outstanding, overdue, paidThisMonth, months, monthly, mostOverdue };
  });
}
