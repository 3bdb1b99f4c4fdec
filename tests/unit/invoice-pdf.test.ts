import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatMoney } from "@/lib/money";
import { renderInvoicePdf, type InvoiceDocument } from "@/modules/invoices/invoice-pdf";
import { computeInvoiceTotals, type TotalsLine } from "@/modules/invoices/invoice-totals";

const workDir = mkdtempSync(path.join(tmpdir(), "invoice-pdf-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function buildInvoice(lineCount: number): InvoiceDocument {
  const descriptions = [
    "Design workshop",
    "Long consulting engagement covering discovery, stakeholder interviews, a written report with recommendations and a follow-up session — Łódź office",
    "Ελληνικά μεταφράσεις",
    "Перевод на русский (Кириллица)",
    "Hosting",
  ];
  const totalsLines: TotalsLine[] = [];
  const descs: string[] = [];
  for (let i = 0; i < lineCount; i++) {
    const vat = i % 3 !== 2;
    totalsLines.push({
      quantityMilli: 1000 + (i % 4) * 250,
      unitPriceMinor: 1999 + i * 37,
      taxRateId: vat ? "vat" : "reduced",
      taxRateMilliPercent: vat ? 20000 : 7125,
      discount: i % 10 === 0 ? { kind: "percent", basisPoints: 500 } : null,
    });
    descs.push(`${i + 1}. ${descriptions[i % descriptions.length]}`);
  }
  const totals = computeInvoiceTotals({ lines: totalsLines, discount: { kind: "amount", minor: 5000 }, amountPaidMinor: 10000 });
  const labels: Record<string, string> = { vat: "VAT 20%", reduced: "Reduced 7.125%" };
  return {
    number: "INV-2025-0042",
    status: "sent",
    issueDate: "2025-03-01",
    dueDate: "2025-03-31",
    currency: "EUR",
    sender: { legalName: "Zoë Ångström Design AB", address: "Storgatan 1\n114 55 Stockholm\nSweden", taxId: "SE556677889901" },
    client: {
      name: "Łódź Ελληνικά Кириллица Ltd",
      email: "billing@example.com",
      billingAddress: "ul. Piotrkowska 1\n90-001 Łódź\nPoland",
      taxId: "PL1234567890",
    },
    lines: totalsLines.map((line, i) => ({
      description: descs[i]!,
      quantityMilli: line.quantityMilli,
      unitPriceMinor: line.unitPriceMinor,
      taxLabel: labels[line.taxRateId ?? ""] ?? null,
      totalMinor: totals.lines[i]!.netMinor,
    })),
    totals: {
      ...totals,
      taxes: totals.taxes.map((t) => ({ label: labels[t.taxRateId] ?? t.taxRateId, taxableMinor: t.taxableMinor, taxMinor: t.taxMinor })),
    },
    notes:
      "Thank you for your business. Payment by bank transfer to IBAN SE00 0000 0000 0000 0000 0000 within 30 days.\nTack så mycket — Dziękujemy — Ευχαριστούμε — Спасибо.",
  };
}

async function renderToText(invoice: InvoiceDocument, name: string): Promise<{ pdf: Buffer; text: string; info: string }> {
  const pdf = await renderInvoicePdf(invoice);
  const file = path.join(workDir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return { pdf, text, info };
}

describe("renderInvoicePdf", () => {
  it("renders a long unicode invoice over several pages with every total", async () => {
    const invoice = buildInvoice(120);
    const { pdf, text, info } = await renderToText(invoice, "long");

    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(text).toContain("INVOICE");
    expect(text).toContain("INV-2025-0042");
    expect(text).toContain("Łódź Ελληνικά Кириллица Ltd");
    expect(text).toContain("Zoë Ångström Design AB");
    expect(text).toContain("Balance due");
    expect(text).toContain(formatMoney(invoice.totals.totalMinor, "EUR"));
    expect(text).toContain(formatMoney(invoice.totals.balanceDueMinor, "EUR"));
    expect(text).toContain(formatMoney(invoice.totals.subtotalMinor, "EUR"));
    expect(text).toContain("VAT 20%");
    expect(text).toContain("Reduced 7.125%");
    expect(text).toContain("Спасибо");
    // Every line made it, including the last one on the last page.
    expect(text).toContain("120. ");
    for (const n of [1, 60, 119]) expect(text).toContain(`${n}. `);

    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(text.split("\f").filter((page) => page.trim() !== "")).toHaveLength(pages);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(info).toMatch(/^Title:\s+Invoice INV-2025-0042$/m);
    // The table header repeats on every page the table spans.
    expect(text.split("\f")[1]).toMatch(/Description\s+Qty\s+Unit price\s+Tax\s+Amount/);
  }, 30_000);

  it("embeds a unicode font rather than a standard one", async () => {
    const { pdf } = await renderToText(buildInvoice(3), "fonts");
    const file = path.join(workDir, "fonts.pdf");
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    expect(fonts).toMatch(/DejaVuSans\s/);
    expect(fonts).toMatch(/DejaVuSans-Bold/);
    expect(fonts).not.toMatch(/Helvetica/);
    expect(pdf.length).toBeLessThan(200_000); // subsets, not whole font files
  });

  it("renders a short draft without a number on one page", async () => {
    const invoice: InvoiceDocument = { ...buildInvoice(2), number: null, status: "draft", issueDate: null, dueDate: null, notes: null };
    const { text, info } = await renderToText(invoice, "draft");
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Title:\s+Invoice \(draft\)$/m);
    expect(text).toContain("DRAFT");
    expect(text).toContain("Balance due");
  });

  it("clips a description taller than a page instead of breaking the layout", async () => {
    const invoice = buildInvoice(1);
    invoice.lines[0]!.description = "word ".repeat(8000);
    const { info, text } = await renderToText(invoice, "tall");
    expect(Number(/^Pages:\s+(\d+)/m.exec(info)?.[1])).toBeLessThanOrEqual(3);
    expect(text).toContain("Balance due");
  });
});
