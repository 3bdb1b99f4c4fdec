import { currencyExponent, toDecimalString } from "@/lib/money";

export interface InvoiceCsvRow {
  number: string | null;
  status: string;
  clientName: string;
  issueDate: string | null;
  dueDate: string | null;
  currency: string;
  totalMinor: number;
  amountPaidMinor: number;
  balanceDueMinor: number;
}

const HEADER = ["Number", "Status", "Client", "Issue date", "Due date", "Currency", "Total", "Amount paid", "Balance due"];
const BOM = "\uFEFF";
const CRLF = "\r\n";
/** Spreadsheets run a cell that starts with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number we wrote ourselves ("-12.50") is data, not a formula, and must stay numeric. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Invoices as RFC 4180 CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF line ends, fields
 * quoted when needed with quotes doubled, amounts as plain decimals in the currency's own exponent
 * (1234.50, JPY 1234, BHD 1.234), and text that a spreadsheet would run as a formula prefixed with '.
 */
export function invoicesToCsv(rows: readonly InvoiceCsvRow[]): string {
  const lines = [HEADER.map(csvCell)];
  for (const row of rows) {
    const exponent = currencyExponent(row.currency);
    lines.push(
      [
        row.number ?? "",
        row.status,
        row.clientName,
        row.issueDate ?? "",
        row.dueDate ?? "",
        row.currency,
        toDecimalString(row.totalMinor, exponent),
        toDecimalString(row.amountPaidMinor, exponent),
        toDecimalString(row.balanceDueMinor, exponent),
      ].map(csvCell),
    );
  }
  return BOM + lines.map((cells) => cells.join(",") + CRLF).join("");
}

/** One field: neutralised against formula injection, then quoted if it holds a quote, comma or line break. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
