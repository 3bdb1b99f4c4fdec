import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { pinClockForTests, setClockForTests } from "@/lib/clock";
import * as invoices from "@/modules/invoices/invoices.service";
import * as payments from "@/modules/payments/payments.service";
import * as taxRates from "@/modules/tax-rates/tax-rates.service";
import * as clients from "@/modules/clients/clients.service";
import * as settings from "@/modules/invoice-settings/invoice-settings.service";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getEinvoice, getEinvoiceReadiness, getFacturxPdf } from "@/modules/einvoice/einvoice.service";
import { appErrorOf } from "../support/outcome";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture } from "../support/fixtures";
import { fatalFailures } from "../support/en16931";

/*
 * E-invoices made through the real services on PostgreSQL: the data entered where people enter it (tax rates
 * with VAT categories, the client's and the seller's details), sent, partly paid, exported as UBL and CII and
 * judged by the official EN 16931 rules; what is missing is named field by field, and no file is made.
 */
const owner = ownerSql();
afterAll(() => owner.end());
beforeEach(() => pinClockForTests("2026-11-20T10:00:00Z"));
afterEach(() => setClockForTests(null));

describe("e-invoices through the services", { timeout: 300_000 }, () => {
  it("VAT categories are validated on tax rates: exempt ones need a reason, only S has a rate", async () => {
    const fx = await workspaceFixture(owner, "admin");
    expect((await taxRates.createTaxRate(fx.actor, { name: "Zero", rate: "0" })).vatCategory).toBe("Z");
    expect(await appErrorOf(taxRates.createTaxRate(fx.actor, { name: "Exempt", rate: "0", vatCategory: "E" }))).toMatchObject({
      status: 422,
      fieldErrors: { exemptionReason: [expect.stringContaining("exemption reason")] },
    });
    expect(
      await appErrorOf(taxRates.createTaxRate(fx.actor, { name: "Odd", rate: "10", vatCategory: "AE", exemptionReason: "x" })),
    ).toMatchObject({ status: 422, fieldErrors: { rate: [expect.any(String)] } });
    expect(await appErrorOf(taxRates.createTaxRate(fx.actor, { name: "Std0", rate: "0", vatCategory: "S" }))).toMatchObject({
      status: 422,
      fieldErrors: { vatCategory: [expect.any(String)] },
    });
    expect(await appErrorOf(clients.updateClient(fx.actor, fx.clientId, { endpointId: "x", endpointScheme: null }))).toMatchObject({
      status: 422,
      fieldErrors: { endpointScheme: [expect.any(String)] },
    });
    expect(await appErrorOf(clients.updateClient(fx.actor, fx.clientId, { countryCode: "XX", vatId: "12" }))).toMatchObject({
      status: 422,
      fieldErrors: { countryCode: [expect.any(String)], vatId: [expect.any(String)] },
    });
  });

  it("a sent, partly paid invoice with several categories and discounts validates as UBL and CII; missing data is named", async () => {
    const fx = await workspaceFixture(owner, "admin");
    const vat = await taxRates.createTaxRate(fx.actor, { name: "TVA 20", rate: "20" });
    const reduced = await taxRates.createTaxRate(fx.actor, { name: "TVA 5,5", rate: "5.5" });
    const reverse = await taxRates.createTaxRate(fx.actor, {
      name: "Autoliquidation",
      rate: "0",
      vatCategory: "AE",
      exemptionReason: "Autoliquidation",
    });
    const client = await clients.createClient(fx.actor, { name: "Ærø Design ApS", currency: "EUR" });
    const draft = await invoices.createInvoice(fx.actor, {
      clientId: client.id,
      issueDate: "2026-11-20",
      dueDate: "2026-12-20",
      discount: { kind: "percent", value: "7.5" },
      lines: [
        { description: "Développement", quantity: "12.375", unitCode: "HUR", unitPrice: "95.00", taxRateId: vat.id },
        { description: "Livres", quantity: "3", unitPrice: "19.99", taxRateId: reduced.id, discount: { kind: "amount", value: "2.50" } },
        { description: "Maintenance", quantity: "1", unitCode: "MON", unitPrice: "400.00", taxRateId: reverse.id },
      ],
    });
    expect(draft.lines.map((l) => [l.unitCode, l.vatCategory])).toEqual([
      ["HUR", "S"],
      ["C62", "S"],
      ["MON", "AE"],
    ]);

    // A draft of a client without details: every missing field is named, and no file is made.
    const missing = await getEinvoiceReadiness(fx.actor, draft.id);
    expect(missing.ubl.map((m) => m.field).sort()).toEqual(
      ["buyer.city", "buyer.countryCode", "buyer.endpointId", "buyer.postcode", "buyer.vatId", "buyerReference", "number"].sort(),
    );
    expect(await appErrorOf(getEinvoice(fx.actor, draft.id, "cii"))).toMatchObject({
      status: 422,
      fieldErrors: { number: [expect.any(String)], "buyer.vatId": [expect.any(String)] },
    });

    await clients.updateClient(fx.actor, client.id, {
      street: "Torvet 1",
      city: "Ærøskøbing",
      postcode: "5970",
      countryCode: "dk",
      vatId: "DK 12345678",
      endpointId: "DK12345678",
      endpointScheme: "0184",
    });
    await invoices.updateInvoice(fx.actor, draft.id, { buyerReference: "PO-ÆØÅ", purchaseOrderReference: "4500012345" });
    await settings.updateInvoiceSettings(fx.actor, {
      senderLegalName: "Studio Lumière SARL",
      bankIban: "FR76 3000 6000 0112 3456 7890 189",
      bankBic: "AGRIFRPP",
    });
    const sent = await invoices.sendInvoice(fx.actor, draft.id);
    await payments.recordPayment(fx.actor, sent.id, { amount: "300.00", paidOn: "2026-11-20", method: "bank_transfer" });

    expect(await getEinvoiceReadiness(fx.actor, sent.id)).toEqual({ ubl: [], cii: [] });
    for (const format of ["ubl", "cii"] as const) {
      const { xml, filename } = await getEinvoice(fx.actor, sent.id, format);
      expect(filename).toBe(`${sent.number}.${format}.xml`);
      expect(xml).toContain("300.00");
      expect(xml).toContain("Ærø Design ApS");
      const fails = await fatalFailures(format, xml);
      expect(
        fails.map((f) => `${f.id}: ${f.text}`),
        xml,
      ).toEqual([]);
    }
  });

  it("another workspace's invoice is not found", async () => {
    const a = await workspaceFixture(owner, "member");
    const b = await workspaceFixture(owner, "member");
    expect(await appErrorOf(getEinvoice(a.actor, b.sentInvoiceId, "ubl"))).toMatchObject({ status: 404 });
    // The fixture's own sent invoice is ready (its seller and client details are filled in).
    const { xml } = await getEinvoice(a.actor, a.sentInvoiceId, "ubl");
    expect(await fatalFailures("ubl", xml)).toEqual([]);
  });

  it("Factur-X: a PDF/A-3 whose embedded factur-x.xml (AFRelationship Alternative) passes the rules", async () => {
    const fx = await workspaceFixture(owner, "member");
    const { filename, pdf } = await getFacturxPdf(fx.actor, fx.sentInvoiceId);
    expect(filename).toBe("INV-0001.facturx.pdf");
    const dir = mkdtempSync(path.join(tmpdir(), "facturx-"));
    const file = path.join(dir, filename);
    writeFileSync(file, pdf);
    const info = execFileSync("pdfinfo", ["-meta", file], { encoding: "utf8" });
    expect(info).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(info).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(info).toMatch(/<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);
    expect(execFileSync("pdfinfo", [file], { encoding: "utf8" })).toMatch(/PDF version:\s+1\.7/);
    expect(execFileSync("pdfdetach", ["-list", file], { encoding: "utf8" })).toMatch(/1: factur-x\.xml/);
    execFileSync("pdfdetach", ["-save", "1", "-o", path.join(dir, "out.xml"), file]);
    const xml = readFileSync(path.join(dir, "out.xml"), "utf8");
    expect(xml).toContain("urn:cen.eu:en16931:2017");
    expect(await fatalFailures("cii", xml)).toEqual([]);
    expect(pdf.toString("latin1")).toMatch(/\/AFRelationship \/Alternative/);
    // A plain PDF stays plain; an invoice that is not ready makes no Factur-X file.
    expect((await invoices.getInvoicePdf(fx.actor, fx.sentInvoiceId)).pdf.toString("latin1")).not.toContain("factur-x.xml");
    expect(await appErrorOf(getFacturxPdf(fx.actor, fx.draftInvoiceId))).toMatchObject({
      status: 422,
      fieldErrors: { number: [expect.any(String)] },
    });
  });
});
