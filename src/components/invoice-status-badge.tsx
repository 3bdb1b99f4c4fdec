import type { InvoiceStatus } from "@/modules/invoices/invoice-lifecycle";
import { STATUS_LABELS } from "@/components/invoice-format";

/** The coloured status pill (classes in src/app/(app)/invoices/invoices.css, imported by every page that shows one). */
export function InvoiceStatusBadge({ status, testId }: { status: InvoiceStatus; testId?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status} data-testid={testId}>
      {STATUS_LABELS[status]}
    </span>
  );
}
