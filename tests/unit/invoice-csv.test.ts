import { describe, expect, it } from "vitest";
import { csvCell, invoicesToCsv, type InvoiceCsvRow } from "@/modules/invoices/invoice-csv";
import { AppError } from "@/platform/errors";

const row = (over: Partial<InvoiceCsvRow>): InvoiceCsvRow => ({
  number: "INV-0001",
  status: "sent",
  clientName: "Acme",
  issueDate: "2025-03-01",
  dueDate: "2025-03-31",
  currency: "EUR",
  totalMinor: 123450,
  amountPaidMinor: 0,
  balanceDueMinor: 123450,
  ...over,
});

/** A small RFC 4180 reader, to check that what we write parses back to the same fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += ch;
    i++;
  }
  if (field !== "" || record.length > 0) throw new Error("unterminated record");
  return records;
}

describe("invoicesToCsv", () => {
  it("writes a BOM, a header and CRLF-terminated records", () => {
    const csv = invoicesToCsv([row({})]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toBe(
      "\uFEFFNumber,Status,Client,Issue date,Due date,Currency,Total,Amount paid,Balance due\r\n" +
        "INV-0001,sent,Acme,2025-03-01,2025-03-31,EUR,1234.50,0.00,1234.50\r\n",
    );
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("writes only the header for no rows", () => {
    expect(invoicesToCsv([])).toBe("\uFEFFNumber,Status,Client,Issue date,Due date,Currency,Total,Amount paid,Balance due\r\n");
  });

  it("writes amounts in each currency's own exponent, exactly", () => {
    const csv = invoicesToCsv([
      row({ currency: "JPY", totalMinor: 1234, amountPaidMinor: 34, balanceDueMinor: 1200 }),
      row({ currency: "BHD", totalMinor: 1234, amountPaidMinor: 5, balanceDueMinor: 1229 }),
      row({ currency: "USD", totalMinor: Number.MAX_SAFE_INTEGER, amountPaidMinor: 0, balanceDueMinor: Number.MAX_SAFE_INTEGER }),
      row({ currency: "EUR", totalMinor: 100, amountPaidMinor: 150, balanceDueMinor: -50 }),
    ]);
    const records = parseCsv(csv.slice(1));
    expect(records.slice(1).map((r) => r.slice(5))).toEqual([
      ["JPY", "1234", "34", "1200"],
      ["BHD", "1.234", "0.005", "1.229"],
      ["USD", "90071992547409.91", "0.00", "90071992547409.91"],
      ["EUR", "1.00", "1.50", "-0.50"], // a number of our own stays numeric, no ' prefix
    ]);
  });

  it("quotes commas, quotes and line breaks, and round-trips unicode", () => {
    const name = 'Zoë "Zed" Ångström, Łódź\r\nΕλληνικά / Кириллица';
    const csv = invoicesToCsv([row({ clientName: name, number: null, issueDate: null, dueDate: null, status: "draft" })]);
    expect(csv).toContain('"Zoë ""Zed"" Ångström, Łódź\r\nΕλληνικά / Кириллица"');
    const records = parseCsv(csv.slice(1));
    expect(records).toHaveLength(2);
    expect(records[1]).toEqual(["", "draft", name, "", "", "EUR", "1234.50", "0.00", "1234.50"]);
  });

  it.each([
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", '"\'\rcmd"'],
    ["=1,2", '"\'=1,2"'],
    ["Acme = good", "Acme = good"],
    ["-", "'-"],
    ["-12.50", "-12.50"],
  ])("neutralises %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("protects every text column against formula injection", () => {
    const csv = invoicesToCsv([row({ number: "=1+1", clientName: "@evil", status: "+x", issueDate: "-1" })]);
    expect(parseCsv(csv.slice(1))[1]!.slice(0, 4)).toEqual(["'=1+1", "'+x", "'@evil", "-1"]);
  });

  it("refuses an unknown currency", () => {
    expect(() => invoicesToCsv([row({ currency: "XYZW" })])).toThrow(AppError);
  });
});
