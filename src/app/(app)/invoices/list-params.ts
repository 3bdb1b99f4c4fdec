import { z } from "zod";
import { isoDate, searchText } from "@/lib/schemas";
import { INVOICE_STATUSES } from "@/modules/invoices/invoice-lifecycle";
import { INVOICE_SORTS } from "@/modules/invoices/invoices.schemas";

/**
 * The invoice list's filters as they travel in the URL (the list page, its links and the CSV export
 * share them). Empty form fields are dropped; the service validates what remains.
 */

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export interface InvoiceListParams {
  status: string[];
  clientId?: string;
  issuedFrom?: string;
  issuedTo?: string;
  q?: string;
  sort?: string;
  dir?: string;
}

const SINGLE_KEYS = ["clientId", "issuedFrom", "issuedTo", "q", "sort", "dir"] as const;

export function searchParamsRecord(params: URLSearchParams): SearchParamsRecord {
  const out: SearchParamsRecord = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

function first(v: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(v) ? v[0] : v)?.trim();
  return value ? value : undefined;
}

export function listParamsFrom(sp: SearchParamsRecord): InvoiceListParams {
  const raw = sp.status === undefined ? [] : Array.isArray(sp.status) ? sp.status : [sp.status];
  const status = [
    ...new Set(
      raw
        .flatMap((s) => s.split(","))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const params: InvoiceListParams = { status };
  for (const key of SINGLE_KEYS) params[key] = first(sp[key]);
  return params;
}

/** Each filter's rule (the shared building blocks the services use) and how the page names it. */
const FILTER_RULES: Record<(typeof SINGLE_KEYS)[number], { label: string; schema: z.ZodType }> = {
  clientId: { label: "Client", schema: z.uuid("Not a client of this workspace") },
  issuedFrom: { label: "Issued from", schema: isoDate },
  issuedTo: { label: "Issued to", schema: isoDate },
  q: { label: "Search", schema: searchText("The search", 100) },
  sort: { label: "Sort", schema: z.enum(INVOICE_SORTS) },
  dir: { label: "Order", schema: z.enum(["asc", "desc"]) },
};

/**
 * The filters of a URL a person may have typed or edited: each value is checked with the same rule
 * the service applies, and one that fails is left out (and named in `ignored`, for the page to say
 * so) instead of failing the whole list. The CSV export does not use this: a download must match
 * the filters exactly or be refused.
 */
export function validListParamsFrom(sp: SearchParamsRecord): { params: InvoiceListParams; ignored: string[] } {
  const raw = listParamsFrom(sp);
  const ignored: string[] = [];
  const status = raw.status.filter((s) => (INVOICE_STATUSES as readonly string[]).includes(s));
  if (status.length < raw.status.length) ignored.push("Status: unknown status");
  const params: InvoiceListParams = { status };
  for (const key of SINGLE_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    const rule = FILTER_RULES[key];
    const parsed = rule.schema.safeParse(value);
    if (parsed.success) params[key] = value;
    else ignored.push(`${rule.label}: ${parsed.error.issues[0]?.message ?? "not valid"}`);
  }
  return { params, ignored };
}

/** The service query for checked params (see validListParamsFrom). */
export function invoiceQueryFromParams(p: InvoiceListParams): Record<string, string> {
  const query: Record<string, string> = {};
  if (p.status.length > 0) query.status = p.status.join(",");
  for (const key of SINGLE_KEYS) {
    const value = p[key];
    if (value !== undefined) query[key] = value;
  }
  return query;
}

/**
 * The query the invoices service takes. Status goes as a comma list: the service names an unknown
 * status in its error for that form ("Unknown status …"), but only says "Invalid input" for an array.
 */
export function invoiceQueryFrom(sp: SearchParamsRecord): Record<string, string> {
  return invoiceQueryFromParams(listParamsFrom(sp));
}

export function toSearchParams(p: InvoiceListParams, overrides: Partial<InvoiceListParams> = {}): URLSearchParams {
  const merged = { ...p, ...overrides };
  const out = new URLSearchParams();
  for (const s of merged.status) out.append("status", s);
  for (const key of SINGLE_KEYS) {
    const value = merged[key];
    if (value !== undefined && value !== "") out.set(key, value);
  }
  return out;
}

export function listHref(p: InvoiceListParams, overrides: Partial<InvoiceListParams> = {}): string {
  const qs = toSearchParams(p, overrides).toString();
  return qs ? `/invoices?${qs}` : "/invoices";
}

export function exportHref(p: InvoiceListParams): string {
  const qs = toSearchParams(p).toString();
  return qs ? `/invoices/export.csv?${qs}` : "/invoices/export.csv";
}
