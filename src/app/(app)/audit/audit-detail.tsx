import Link from "next/link";
import type { ReactNode } from "react";
import { formatDecimal, formatMoney } from "@/lib/money";
import type { AuditEventDto } from "@/modules/audit/audit.schemas";

/** What the page knows about the records events mention: names of clients and numbers of invoices that still exist. */
export interface AuditReferences {
  clients: Map<string, string>;
  invoices: Map<string, string | null>;
}

/** Field names as people say them. */
const FIELD_LABELS: Record<string, string> = {
  clientId: "client",
  issueDate: "issue date",
  dueDate: "due date",
  billingAddress: "billing address",
  taxId: "tax id",
  rate: "rate",
};

/** The ids an event mentions, by kind, for looking their names up in one go. */
export function referencedIds(events: readonly AuditEventDto[]): { clients: string[]; invoices: string[] } {
  const clients: string[] = [];
  const invoices: string[] = [];
  for (const e of events) {
    if (e.targetId && e.targetType === "client") clients.push(e.targetId);
    if (e.targetId && e.targetType === "invoice") invoices.push(e.targetId);
    if (typeof e.detail.clientId === "string") clients.push(e.detail.clientId);
    if (typeof e.detail.invoiceId === "string") invoices.push(e.detail.invoiceId);
    if (e.action === "invoice.duplicated" && typeof e.detail.from === "string") invoices.push(e.detail.from);
  }
  return { clients, invoices };
}

function ClientRef({ id, refs, fallback }: { id: string; refs: AuditReferences; fallback?: string }) {
  const name = refs.clients.get(id);
  return name !== undefined ? <Link href={`/clients/${id}`}>{name}</Link> : <span className="muted">{fallback ?? "a deleted client"}</span>;
}

function InvoiceRef({ id, refs, fallback }: { id: string; refs: AuditReferences; fallback?: string | null }) {
  if (refs.invoices.has(id)) return <Link href={`/invoices/${id}`}>{refs.invoices.get(id) ?? "Draft invoice"}</Link>;
  return <span className="muted">{fallback ?? "a deleted invoice"}</span>;
}

/** The event's target: a link with the client's name or the invoice's number while it exists. */
export function AuditTarget({ event, refs }: { event: AuditEventDto; refs: AuditReferences }) {
  const id = event.targetId;
  const name = typeof event.detail.name === "string" ? event.detail.name : undefined;
  const number = typeof event.detail.number === "string" ? event.detail.number : undefined;
  if (id && event.targetType === "client") return <ClientRef id={id} refs={refs} fallback={name ? `${name} (deleted)` : undefined} />;
  if (id && event.targetType === "invoice") return <InvoiceRef id={id} refs={refs} fallback={number ? `${number} (deleted)` : undefined} />;
  return <>{event.targetType.replace(/_/g, " ")}</>;
}

/**
 * An event's detail for people: money formatted in its currency, rates as percentages, the changed
 * fields by name, and clients and invoices by name or number, linked while they exist — never raw
 * minor units or ids.
 */
export function AuditDetail({ event, refs }: { event: AuditEventDto; refs: AuditReferences }) {
  const d = event.detail;
  const currency = typeof d.currency === "string" ? d.currency : undefined;
  const parts: ReactNode[] = [];
  for (const [key, value] of Object.entries(d)) {
    if (key === "currency" || (key === "name" && event.targetType === "client") || (key === "number" && event.targetType === "invoice"))
      continue;
    if (key.endsWith("Minor") && typeof value === "number") {
      const label = key.slice(0, -"Minor".length);
      parts.push(`${label}: ${currency ? formatMoney(value, currency) : String(value)}`);
    } else if (key === "rateMilliPercent" && typeof value === "number") {
      parts.push(`rate: ${formatDecimal(value, 3)} %`);
    } else if (key === "fields" && Array.isArray(value)) {
      parts.push(`changed: ${value.map((f) => FIELD_LABELS[String(f)] ?? String(f)).join(", ")}`);
    } else if (key === "clientId" && typeof value === "string") {
      parts.push(
        <>
          client: <ClientRef id={value} refs={refs} />
        </>,
      );
    } else if ((key === "invoiceId" || (key === "from" && event.action === "invoice.duplicated")) && typeof value === "string") {
      const fromNumber = typeof d.fromNumber === "string" ? d.fromNumber : undefined;
      parts.push(
        <>
          {key === "from" ? "copy of" : "invoice"}:{" "}
          <InvoiceRef id={value} refs={refs} fallback={fromNumber ? `${fromNumber} (deleted)` : undefined} />
        </>,
      );
    } else if (key === "fromNumber") {
      continue;
    } else if (value !== null && value !== undefined) {
      parts.push(`${key.replace(/([A-Z])/g, " $1").toLowerCase()}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  }
  return (
    <>
      {parts.map((p, i) => (
        <span key={i}>
          {i > 0 ? ", " : null}
          {p}
        </span>
      ))}
    </>
  );
}
