import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { updateInvoiceSettingsInput } from "@/modules/invoice-settings/invoice-settings.schemas";
import { bicProblem, compactCode, ibanProblem, paymentInstructionsText } from "@/modules/invoice-settings/payment-instructions";
import { renderInvoicePdf } from "@/modules/invoices/invoice-pdf";

const workDir = mkdtempSync(path.join(tmpdir(), "payment-pdf-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const issues = (input: Record<string, unknown>) => {
  const result = updateInvoiceSettingsInput.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("payment instructions: validation", () => {
  it("accepts real IBANs however they are typed, and stores them compact and uppercase", () => {
    for (const iban of [
      "DE89 3704 0044 0532 0130 00",
      "gb82west12345698765432",
      "FR14-2004-1010-0505-0001-3M02-606",
      "NL91ABNA0417164300",
    ]) {
      expect(ibanProblem(compactCode(iban)), iban).toBeUndefined();
    }
    expect(updateInvoiceSettingsInput.parse({ bankIban: "de89 3704 0044 0532 0130 00" }).bankIban).toBe("DE89370400440532013000");
  });

  it("refuses an IBAN with wrong check digits or shape, with a message on the field", () => {
    expect(ibanProblem("DE88370400440532013000")).toMatch(/check digits/);
    expect(ibanProblem("DE8937040044")).toMatch(/Enter an IBAN/);
    expect(issues({ bankIban: "DE89 3704 0044 0532 0130 01" })).toEqual({ bankIban: expect.stringMatching(/check digits do not match/) });
    expect(issues({ bankIban: "not an iban" })).toEqual({ bankIban: expect.stringMatching(/Enter an IBAN/) });
  });

  it("checks BIC/SWIFT codes: 8 or 11 characters of the right kinds", () => {
    for (const bic of ["COBADEFF", "COBADEFFXXX", "deutdeff500"]) expect(bicProblem(compactCode(bic)), bic).toBeUndefined();
    for (const bic of ["COBADE", "COBADEFFXX", "1OBADEFF", "COBA DE FF XXXX"]) expect(bicProblem(compactCode(bic)), bic).toMatch(/BIC/);
    expect(issues({ bankBic: "COBA" })).toEqual({ bankBic: expect.stringMatching(/8 or 11 letters and digits/) });
    expect(updateInvoiceSettingsInput.parse({ bankBic: "cobadeff xxx" }).bankBic).toBe("COBADEFFXXX");
  });

  it("takes https payment URLs only", () => {
    expect(updateInvoiceSettingsInput.parse({ paymentUrl: " https://pay.example.com/x?id=1 " }).paymentUrl).toBe(
      "https://pay.example.com/x?id=1",
    );
    for (const url of [
      "http://pay.example.com",
      "javascript:alert(1)",
      "ftp://example.com",
      "pay.example.com",
      "https://user:pw@example.com",
    ]) {
      expect(issues({ paymentUrl: url }), url).toEqual({ paymentUrl: expect.stringMatching(/https:\/\/|user name/) });
    }
  });

  it("bounds every field, and blank means none", () => {
    expect(issues({ paymentInstructions: "x".repeat(2001) })).toEqual({
      paymentInstructions: "How to pay must be at most 2000 characters",
    });
    expect(issues({ bankAccountHolder: "x".repeat(201) })).toEqual({ bankAccountHolder: "Account holder must be at most 200 characters" });
    expect(issues({ paymentUrl: `https://example.com/${"a".repeat(2000)}` })).toEqual({
      paymentUrl: "Payment URL must be at most 2000 characters",
    });
    expect(issues({ bankIban: "D".repeat(43) })).toEqual({ bankIban: "IBAN must be at most 42 characters" });
    expect(updateInvoiceSettingsInput.parse({ bankIban: "", bankBic: "  ", paymentUrl: "", paymentInstructions: " " })).toEqual({
      bankIban: null,
      bankBic: null,
      paymentUrl: null,
      paymentInstructions: null,
    });
  });
});

const full = {
  bankAccountHolder: "Zoë Design AB",
  bankIban: "DE89370400440532013000",
  bankBic: "COBADEFFXXX",
  paymentInstructions: "Quote the invoice number as the reference.",
  paymentUrl: "https://pay.example.com/zoe",
};

describe("paymentInstructionsText", () => {
  it("is null when nothing is set", () => {
    expect(
      paymentInstructionsText({ bankAccountHolder: null, bankIban: null, bankBic: null, paymentInstructions: null, paymentUrl: null }),
    ).toBeNull();
  });

  it("formats the bank details, the free text and the payment page as plain text", () => {
    expect(paymentInstructionsText(full)).toBe(
      "Bank transfer\nAccount holder: Zoë Design AB\nIBAN: DE89 3704 0044 0532 0130 00\nBIC/SWIFT: COBADEFFXXX\n\n" +
        "Quote the invoice number as the reference.\n\nPay online: https://pay.example.com/zoe",
    );
    expect(paymentInstructionsText({ ...full, bankAccountHolder: null, bankIban: null, bankBic: null })).toBe(
      "Quote the invoice number as the reference.\n\nPay online: https://pay.example.com/zoe",
    );
  });
});

describe("the PDF prints the payment instructions", () => {
  it("under HOW TO PAY, with every part", async () => {
    const pdf = await renderInvoicePdf({
      number: "INV-0007",
      status: "sent",
      issueDate: "2026-03-01",
      dueDate: "2026-03-31",
      currency: "EUR",
      sender: { legalName: "Zoë Design AB", address: "Storgatan 1", taxId: null },
      client: { name: "Client Ltd", email: null, billingAddress: null, taxId: null },
      lines: [{ description: "Design", quantityMilli: 1000, unitPriceMinor: 10000, taxLabel: null, totalMinor: 10000 }],
      totals: {
        subtotalMinor: 10000,
        discountMinor: 0,
        taxMinor: 0,
        totalMinor: 10000,
        amountPaidMinor: 0,
        balanceDueMinor: 10000,
        taxes: [],
      },
      notes: "Thanks!",
      paymentInstructions: paymentInstructionsText(full),
    });
    const file = path.join(workDir, "payment.pdf");
    writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    expect(text).toContain("HOW TO PAY");
    expect(text).toContain("Account holder: Zoë Design AB");
    expect(text).toContain("IBAN: DE89 3704 0044 0532 0130 00");
    expect(text).toContain("BIC/SWIFT: COBADEFFXXX");
    expect(text).toContain("Quote the invoice number as the reference.");
    expect(text).toContain("Pay online: https://pay.example.com/zoe");
    expect(text.indexOf("HOW TO PAY")).toBeLessThan(text.indexOf("NOTES"));
  });
});
