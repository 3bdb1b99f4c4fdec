import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatDecimal, formatMoney } from "@/lib/money";
import type { InvoiceTotals } from "@/modules/invoices/invoice-totals";

export interface InvoicePdfLine {
  description: string;
  quantityMilli: number;
  unitPriceMinor: number;
  /** e.g. "VAT 20%"; null for an untaxed line. */
  taxLabel: string | null;
  /** The Amount column. Pass the line's netMinor so the column adds up to the subtotal. */
  totalMinor: number;
}

export interface InvoicePdfTax {
  /** e.g. "VAT 20%". */
  label: string;
  taxableMinor: number;
  taxMinor: number;
}

export type InvoicePdfTotals = Omit<InvoiceTotals, "taxes" | "lines"> & { taxes: InvoicePdfTax[] };

export interface InvoiceDocument {
  /** Null while the invoice is a draft without a number. */
  number: string | null;
  status: string;
  /** ISO yyyy-mm-dd. */
  issueDate: string | null;
  dueDate: string | null;
  currency: string;
  /** For money and dates; en-US when absent. */
  locale?: string;
  sender: { legalName: string; address: string; taxId: string | null };
  client: { name: string; email: string | null; billingAddress: string | null; taxId: string | null };
  lines: InvoicePdfLine[];
  totals: InvoicePdfTotals;
  notes: string | null;
  /** Legal VAT notes (the reverse-charge note, exemption reasons), printed after the totals. */
  vatNotes?: string[];
  /**
   * Factur-X (EN 16931 profile): the CII e-invoice embedded as `factur-x.xml` (AFRelationship Alternative) in a
   * PDF/A-3b document with the Factur-X XMP metadata. Absent: a plain PDF.
   */
  facturxXml?: string;
  /** How to pay (paymentInstructionsText of the invoice settings), printed after the totals; none when null. */
  paymentInstructions?: string | null;
}

/**
 * The Factur-X XMP metadata: the document type, file name, version and profile, and the PDF/A extension
 * schema that declares those properties (PDF/A-3 accepts only declared custom properties).
 */
const FACTURX_XMP = `
        <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
            <fx:DocumentType>INVOICE</fx:DocumentType>
            <fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
            <fx:Version>1.0</fx:Version>
            <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
            xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
            <pdfaExtension:schemas>
                <rdf:Bag>
                    <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                        <pdfaSchema:property>
                            <rdf:Seq>
${["DocumentFileName", "DocumentType", "Version", "ConformanceLevel"]
  .map(
    (name) => `                                <rdf:li rdf:parseType="Resource">
                                    <pdfaProperty:name>${name}</pdfaProperty:name>
                                    <pdfaProperty:valueType>Text</pdfaProperty:valueType>
                                    <pdfaProperty:category>external</pdfaProperty:category>
                                    <pdfaProperty:description>Factur-X ${name}</pdfaProperty:description>
                                </rdf:li>`,
  )
  .join("\n")}
                            </rdf:Seq>
                        </pdfaSchema:property>
                    </rdf:li>
                </rdf:Bag>
            </pdfaExtension:schemas>
        </rdf:Description>
        `;

/**
 * DejaVu Sans covers Latin, Greek and Cyrillic (pdfkit's built-in Helvetica is WinAnsi only). The
 * files are resolved at run time from node_modules — relative to the working directory, which is the
 * project root under tsx, vitest and the Next.js server — so no bundler ever copies or inlines them.
 */
const FONT_PACKAGE_DIR = "dejavu-fonts-ttf/ttf/";
let fontPaths: { regular: string; bold: string } | undefined;

function resolveFonts(): { regular: string; bold: string } {
  if (fontPaths === undefined) {
    const runtimeRequire = createRequire(path.join(process.cwd(), "package.json"));
    const resolveFont = (file: string) => runtimeRequire.resolve(FONT_PACKAGE_DIR + file);
    fontPaths = { regular: resolveFont("DejaVuSans.ttf"), bold: resolveFont("DejaVuSans-Bold.ttf") };
  }
  return fontPaths;
}

const MARGIN = 50;
const FOOTER_SPACE = 30;
const INK = "#111111";
const MUTED = "#666666";
const RULE = "#cccccc";
const HEADER_FILL = "#f0f0f0";
const STATUS_STAMPS: Record<string, { text: string; color: string }> = {
  draft: { text: "DRAFT", color: "#888888" },
  void: { text: "VOID", color: "#b00020" },
  paid: { text: "PAID", color: "#1b7f3b" },
  overdue: { text: "OVERDUE", color: "#b00020" },
};

interface Column {
  key: "description" | "quantity" | "unitPrice" | "tax" | "amount";
  title: string;
  width: number;
  align: "left" | "right";
}

/** Renders a complete invoice as a PDF (A4, embedded subset fonts, page numbers, repeated table header). */
export function renderInvoicePdf(invoice: InvoiceDocument): Promise<Buffer> {
  const fonts = resolveFonts();
  const locale = invoice.locale ?? "en-US";
  const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
  const title = invoice.number ? `Invoice ${invoice.number}` : "Invoice (draft)";

  const doc = new PDFDocument({
    ...(invoice.facturxXml ? { pdfVersion: "1.7" as const, subset: "PDF/A-3b" as const, tagged: false } : {}),
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    // The default font is loaded at construction; naming ours keeps pdfkit from reading its Helvetica AFM files.
    font: fonts.regular,
    lang: locale,
    displayTitle: true,
    info: {
      Title: title,
      Author: invoice.sender.legalName,
      Subject: `${title} for ${invoice.client.name}`,
      Creator: "Workledger",
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  if (invoice.facturxXml) {
    // pdfkit takes `relationship` (the file specification's AFRelationship); its type definitions lack it.
    const attachment: PDFKit.Mixins.PDFAttachmentOptions & { relationship: "Alternative" } = {
      name: "factur-x.xml",
      type: "text/xml",
      relationship: "Alternative",
      description: "Factur-X invoice (EN 16931)",
    };
    doc.file(Buffer.from(invoice.facturxXml, "utf8"), attachment);
    doc.appendXML(FACTURX_XMP);
  }

  const regular = () => doc.font(fonts.regular);
  const bold = () => doc.font(fonts.bold);
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const right = left + width;
  const bottomLimit = () => doc.page.height - doc.page.margins.bottom;

  try {
    // Header: sender on the left, title, number and dates on the right.
    const headerTop = MARGIN;
    const senderWidth = width * 0.55;
    bold().fontSize(15).fillColor(INK).text(invoice.sender.legalName, left, headerTop, { width: senderWidth });
    regular().fontSize(9).fillColor(MUTED);
    if (invoice.sender.address.trim()) doc.text(invoice.sender.address.trim(), { width: senderWidth });
    if (invoice.sender.taxId) doc.text(`Tax ID: ${invoice.sender.taxId}`, { width: senderWidth });
    const senderBottom = doc.y;

    const metaWidth = width * 0.4;
    const metaLeft = right - metaWidth;
    bold().fontSize(20).fillColor(INK).text("INVOICE", metaLeft, headerTop, { width: metaWidth, align: "right" });
    regular()
      .fontSize(11)
      .text(invoice.number ?? "Draft", metaLeft, doc.y, { width: metaWidth, align: "right" });
    const stamp = STATUS_STAMPS[invoice.status];
    if (stamp) {
      bold()
        .fontSize(10)
        .fillColor(stamp.color)
        .text(stamp.text, metaLeft, doc.y + 2, { width: metaWidth, align: "right" });
    }
    doc.moveDown(0.6);
    const dateRow = (label: string, value: string | null) => {
      const y = doc.y;
      regular()
        .fontSize(9)
        .fillColor(MUTED)
        .text(label, metaLeft, y, { width: metaWidth * 0.5, lineBreak: false });
      regular().fontSize(9).fillColor(INK).text(formatDate(value, locale), metaLeft, y, { width: metaWidth, align: "right" });
    };
    dateRow("Issue date", invoice.issueDate);
    dateRow("Due date", invoice.dueDate);
    doc.y = Math.max(senderBottom, doc.y) + 24;

    // Bill-to block.
    bold().fontSize(8).fillColor(MUTED).text("BILL TO", left, doc.y, { width: senderWidth, characterSpacing: 0.5 });
    bold().fontSize(11).fillColor(INK).text(invoice.client.name, { width: senderWidth });
    regular().fontSize(9).fillColor(INK);
    if (invoice.client.email) doc.text(invoice.client.email, { width: senderWidth });
    if (invoice.client.billingAddress?.trim()) doc.text(invoice.client.billingAddress.trim(), { width: senderWidth });
    if (invoice.client.taxId) doc.fillColor(MUTED).text(`Tax ID: ${invoice.client.taxId}`, { width: senderWidth });
    doc.y += 20;

    // Line table.
    const columns: Column[] = [
      { key: "description", title: "Description", width: width - 290, align: "left" },
      { key: "quantity", title: "Qty", width: 50, align: "right" },
      { key: "unitPrice", title: "Unit price", width: 80, align: "right" },
      { key: "tax", title: "Tax", width: 75, align: "right" },
      { key: "amount", title: "Amount", width: 85, align: "right" },
    ];
    const pad = 4;
    const columnX = (index: number) => left + columns.slice(0, index).reduce((sum, c) => sum + c.width, 0);

    const drawTableHeader = () => {
      const y = doc.y;
      bold().fontSize(9);
      const height = doc.currentLineHeight() + 2 * pad;
      doc.rect(left, y, width, height).fill(HEADER_FILL);
      doc.fillColor(INK);
      columns.forEach((column, i) => {
        doc.text(column.title, columnX(i) + pad, y + pad, { width: column.width - 2 * pad, align: column.align, lineBreak: false });
      });
      doc.y = y + height;
    };

    const newPage = () => {
      doc.addPage();
      doc.y = doc.page.margins.top;
    };

    drawTableHeader();
    const maxRowHeight = bottomLimit() - doc.page.margins.top - 40;
    for (const line of invoice.lines) {
      const cells: Record<Column["key"], string> = {
        description: line.description,
        quantity: formatDecimal(line.quantityMilli, 3),
        unitPrice: money(line.unitPriceMinor),
        tax: line.taxLabel ?? "—",
        amount: money(line.totalMinor),
      };
      regular().fontSize(9);
      const contentHeight = Math.min(
        maxRowHeight,
        Math.max(...columns.map((c) => doc.heightOfString(cells[c.key] || " ", { width: c.width - 2 * pad }))),
      );
      const rowHeight = contentHeight + 2 * pad;
      if (doc.y + rowHeight > bottomLimit()) {
        newPage();
        drawTableHeader();
      }
      const y = doc.y;
      doc.fillColor(INK);
      columns.forEach((column, i) => {
        doc.text(cells[column.key], columnX(i) + pad, y + pad, {
          width: column.width - 2 * pad,
          height: contentHeight,
          align: column.align,
          ellipsis: true,
        });
      });
      doc
        .moveTo(left, y + rowHeight)
        .lineTo(right, y + rowHeight)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc.y = y + rowHeight;
    }
    if (invoice.lines.length === 0) {
      regular()
        .fontSize(9)
        .fillColor(MUTED)
        .text("No lines.", left + pad, doc.y + pad, { width: width - 2 * pad });
    }

    // Totals: subtotal, discount, each tax rate, total, paid, balance due — kept together on one page.
    const { totals } = invoice;
    const rows: { label: string; value: string; strong?: boolean }[] = [{ label: "Subtotal", value: money(totals.subtotalMinor) }];
    if (totals.discountMinor !== 0) rows.push({ label: "Discount", value: money(-totals.discountMinor) });
    for (const tax of totals.taxes) rows.push({ label: `${tax.label} on ${money(tax.taxableMinor)}`, value: money(tax.taxMinor) });
    rows.push({ label: "Tax", value: money(totals.taxMinor) });
    rows.push({ label: "Total", value: money(totals.totalMinor), strong: true });
    rows.push({ label: "Amount paid", value: money(totals.amountPaidMinor) });
    rows.push({ label: "Balance due", value: money(totals.balanceDueMinor), strong: true });

    const totalsWidth = 300;
    const totalsLeft = right - totalsWidth;
    const labelWidth = totalsWidth - 110;
    regular().fontSize(10);
    const rowHeight = doc.currentLineHeight() + 6;
    const labelHeights = rows.map((row) => Math.max(rowHeight, doc.heightOfString(row.label, { width: labelWidth }) + 6));
    const blockHeight = labelHeights.reduce((sum, h) => sum + h, 0) + 16;
    doc.y += 12;
    if (doc.y + blockHeight > bottomLimit()) newPage();
    rows.forEach((row, i) => {
      const y = doc.y;
      if (row.strong) {
        doc.moveTo(totalsLeft, y).lineTo(right, y).lineWidth(0.5).strokeColor(RULE).stroke();
      }
      (row.strong ? bold() : regular()).fontSize(10).fillColor(row.strong ? INK : MUTED);
      doc.text(row.label, totalsLeft, y + 3, { width: labelWidth });
      doc.fillColor(INK).text(row.value, totalsLeft + labelWidth, y + 3, { width: totalsWidth - labelWidth, align: "right" });
      doc.y = y + (labelHeights[i] ?? rowHeight);
    });

    // Payment instructions, then notes: each flows onto further pages by itself if it is long.
    const section = (heading: string, body: string) => {
      doc.y += 20;
      regular().fontSize(10);
      if (doc.y + 3 * doc.currentLineHeight() > bottomLimit()) newPage();
      bold().fontSize(9).fillColor(MUTED).text(heading, left, doc.y, { width, characterSpacing: 0.5 });
      regular()
        .fontSize(9)
        .fillColor(INK)
        .text(body, left, doc.y + 2, { width });
    };
    if (invoice.vatNotes && invoice.vatNotes.length > 0) section("VAT", invoice.vatNotes.join("\n"));
    if (invoice.paymentInstructions?.trim()) section("HOW TO PAY", invoice.paymentInstructions.trim());
    if (invoice.notes?.trim()) section("NOTES", invoice.notes.trim());

    // Footer on every page; the bottom margin is lifted so writing into it doesn't start a new page.
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      const savedBottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      regular()
        .fontSize(8)
        .fillColor(MUTED)
        .text(`${title} · Page ${i - start + 1} of ${count}`, left, doc.page.height - MARGIN, {
          width,
          align: "center",
          lineBreak: false,
        });
      doc.page.margins.bottom = savedBottom;
    }
    doc.end();
  } catch (error) {
    doc.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return done;
}

function formatDate(iso: string | null, locale: string): string {
  if (!iso) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}
