import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  ARTIFACTS_DIR,
  createClientInBrowser,
  createTaxRateInBrowser,
  fetchWithSession,
  launchBrowser,
  newPage,
  screenshot,
  signUpInBrowser,
  testIdText,
  uniqueSuffix,
  type BrowserUser,
} from "../support/browser";

/*
 * Invoicing in real Chromium against the real app: a tax rate, an invoice built in the editor with
 * live totals, sending (numbering), partial and final payments, the dashboard, the PDF and the CSV.
 * The steps build on each other and run in order.
 */

const run = uniqueSuffix();
const owner: BrowserUser = {
  name: "Ivy Invoicer",
  email: `invoicer-${run}@example.test`,
  password: "invoicer long passphrase",
  workspaceName: `Ivy Studio ${run}`,
};
const clientName = `Acme Rockets ${run}`;
const UUID_PATH = /\/invoices\/[0-9a-f-]{36}$/;

let browser: Browser;
let page: Page;
let invoiceUrl = "";

interface DashboardNumbers {
  outstanding: string;
  paidThisMonth: string;
}

async function readDashboard(p: Page): Promise<DashboardNumbers> {
  await p.goto("/dashboard");
  await p.getByTestId("invoiced-paid-chart").waitFor();
  return { outstanding: await testIdText(p, "outstanding-EUR"), paidThisMonth: await testIdText(p, "paid-this-month-EUR") };
}

const line = (p: Page, n: number) => ({
  description: p.getByLabel(`Description, line ${n}`, { exact: true }),
  quantity: p.getByLabel(`Quantity, line ${n}`, { exact: true }),
  unitPrice: p.getByLabel(`Unit price, line ${n}`, { exact: true }),
  taxRate: p.getByLabel(`Tax rate, line ${n}`, { exact: true }),
  amount: p.getByTestId(`line-amount-${n}`),
});

async function expectText(p: Page, testId: string, text: string): Promise<void> {
  await p.getByTestId(testId).filter({ hasText: text }).first().waitFor();
  expect(await testIdText(p, testId)).toBe(text);
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("invoicing in the browser: editor, sending, payments, dashboard, PDF", () => {
  let before: DashboardNumbers;

  it("(a) the owner signs up, adds a client and a 20 % VAT rate", async () => {
    page = await newPage(browser);
    await signUpInBrowser(page, owner);
    before = await readDashboard(page);
    expect(before).toEqual({ outstanding: "€0.00", paidThisMonth: "€0.00" });
    await screenshot(page, "inv-a1-empty-dashboard");

    await createClientInBrowser(page, { name: clientName, currency: "EUR" });
    await createTaxRateInBrowser(page, { name: "VAT 20%", rate: "20" });
    const row = page.locator('table[data-testid="tax-rates"] tr[data-name="VAT 20%"]');
    await expect(row.locator("td").nth(1).textContent()).resolves.toBe("20%");
    await screenshot(page, "inv-a2-tax-rates");
  });

  it("(b) the editor shows server errors next to their fields", async () => {
    await page.goto("/invoices/new");
    await page.getByRole("heading", { level: 1, name: "New invoice" }).waitFor();
    await line(page, 1).description.fill("Something");
    await line(page, 1).unitPrice.fill("12.345");
    // Live totals show a dash while a number does not parse in the currency.
    await expectText(page, "live-total", "—");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.locator("#field-clientId-error").filter({ hasText: "Choose a client" }).waitFor();

    // Every mistake is reported at once: the price's error was already there beside the client's.
    await page.getByRole("alert").filter({ hasText: "EUR amounts have at most 2 decimal places" }).waitFor();

    await page.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
    await page.getByRole("button", { name: "Save draft" }).click();
    // The second answer: the client's error is gone, the price's stays.
    await page.locator("#field-clientId-error").waitFor({ state: "detached" });
    await page.getByRole("alert").filter({ hasText: "EUR amounts have at most 2 decimal places" }).waitFor();
    await expect(line(page, 1).unitPrice.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#field-clientId-error").count()).resolves.toBe(0);
    expect(new URL(page.url()).pathname).toBe("/invoices/new");
    await screenshot(page, "inv-b1-editor-errors");
  });

  it("(c) builds an invoice with two lines, reorders them, and sees the live total before saving", async () => {
    await page.goto("/invoices/new");
    await page.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
    await expect(page.getByLabel("Currency", { exact: true }).inputValue()).resolves.toBe("EUR");

    const first = line(page, 1);
    await first.description.fill("Landing page design");
    await first.quantity.fill("2");
    await first.unitPrice.fill("150.00");
    await first.taxRate.selectOption({ label: "VAT 20%" });
    await expectText(page, "line-amount-1", "€300.00");
    await expectText(page, "live-total", "€360.00");

    await page.getByRole("button", { name: "+ Add line" }).click();
    const second = line(page, 2);
    await second.description.fill("Hosting, first month");
    await second.quantity.fill("1");
    await second.unitPrice.fill("99.99");
    await expect(second.taxRate.inputValue()).resolves.toBe("");

    // A third line, removed again; then the second moved up and back down.
    await page.getByRole("button", { name: "+ Add line" }).click();
    await line(page, 3).description.fill("Scratch line");
    await page.getByRole("button", { name: "Remove line 3" }).click();
    await expect(page.getByTestId("editor-line").count()).resolves.toBe(2);
    await page.getByRole("button", { name: "Move line 2 up" }).click();
    await expect(line(page, 1).description.inputValue()).resolves.toBe("Hosting, first month");
    await expectText(page, "line-amount-1", "€99.99");
    await page.getByRole("button", { name: "Move line 1 down" }).click();
    await expect(line(page, 1).description.inputValue()).resolves.toBe("Landing page design");

    // 2 × 150.00 = 300.00 + 20 % VAT 60.00 + 99.99 untaxed = 459.99
    await expectText(page, "live-subtotal", "€399.99");
    await expectText(page, "live-tax", "€60.00");
    await expectText(page, "live-total", "€459.99");
    await screenshot(page, "inv-c1-editor-live-totals");

    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(UUID_PATH);
    invoiceUrl = new URL(page.url()).pathname;
    await expectText(page, "invoice-status", "Draft");
    await expectText(page, "invoice-number", "Draft invoice");
    await expectText(page, "invoice-total", "€459.99");
    await expect(page.locator('[data-testid="invoice-lines"] tbody tr').count()).resolves.toBe(2);
    await screenshot(page, "inv-c2-draft-saved");
  });

  it("(c2) words the invoice email on the settings page: an unknown placeholder is refused next to its field", async () => {
    await page.goto("/invoice-settings");
    const form = page.getByRole("region", { name: "Invoice email" });
    await expect(form.getByLabel("Subject").inputValue()).resolves.toBe("Invoice {invoice_number} from {workspace_name}");
    await form.getByLabel("Subject").fill("Invoice {invoice_number} from {company}");
    await form.getByRole("button", { name: "Save email template" }).click();
    await expect(page.locator("#field-subject-error").textContent()).resolves.toContain("{company}");
    await form.getByLabel("Subject").fill("Invoice {invoice_number} from {workspace_name} (custom)");
    await form.getByRole("button", { name: "Save email template" }).click();
    await expect(form.getByRole("status").textContent()).resolves.toBe("Email template saved.");
    await screenshot(page, "inv-c3-email-template");
    await page.goto(invoiceUrl);
  });

  it("(d) sends the invoice by email from the send dialog: it gets number INV-0001 and counts as outstanding", async () => {
    await page.getByRole("button", { name: "Send…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("Subject").inputValue()).resolves.toMatch(/^Invoice \{invoice_number\} from .* \(custom\)$/);
    await expect(dialog.getByLabel("Message").inputValue()).resolves.toContain("{link}");
    await expect(dialog.getByLabel("Attach PDF").isChecked()).resolves.toBe(true);
    // A bad address and an unknown placeholder: each message next to its field, and the invoice stays a draft.
    await dialog.getByLabel("To").fill("billing@e2e.test, not-an-address");
    await dialog.getByLabel("Subject").fill("Invoice {invoice_number} {oops}");
    await dialog.getByRole("button", { name: "Send invoice" }).click();
    await expect(page.locator("#send-to-error").textContent()).resolves.toContain("Not a valid email address: not-an-address");
    await expect(page.locator("#send-subject-error").textContent()).resolves.toContain("{oops}");
    await expectText(page, "invoice-status", "Draft");
    await screenshot(page, "inv-d0-send-dialog-errors");
    await dialog.getByLabel("To").fill("billing@e2e.test, boss@e2e.test");
    await dialog.getByLabel("Cc").fill("books@e2e.test");
    await dialog.getByLabel("Subject").fill("Invoice {invoice_number} for {client_name}");
    await dialog.getByRole("button", { name: "Send invoice" }).click();
    await expectText(page, "invoice-number", "INV-0001");
    // The email is listed with its recipients; the job sends it (to the outbox: no SMTP_URL here).
    const emails = page.getByTestId("deliveries");
    await expect(emails.locator("tbody tr").first().textContent()).resolves.toContain("billing@e2e.test, boss@e2e.test");
    for (let i = 0; i < 60; i++) {
      if ((await page.locator('[data-delivery-status="sent"]').count()) > 0) break;
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
    }
    await expect(page.locator('[data-delivery-status="sent"]').count()).resolves.toBe(1);
    await screenshot(page, "inv-d1-emailed");
    await expectText(page, "invoice-status", "Sent");
    await expectText(page, "balance-due", "€459.99");
    // Sent invoices are no longer editable.
    await expect(page.getByRole("link", { name: "Edit" }).count()).resolves.toBe(0);

    const dash = await readDashboard(page);
    expect(dash).toEqual({ outstanding: "€459.99", paidThisMonth: "€0.00" });
  });

  it("(e) records a partial payment, then the rest: the invoice is paid", async () => {
    await page.goto(invoiceUrl);
    const payment = page.getByRole("form", { name: "Record payment" });
    await expect(payment.getByLabel("Amount (EUR)").inputValue()).resolves.toBe("459.99");
    await expect(payment.getByLabel("Paid on").inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await payment.getByLabel("Amount (EUR)").fill("200.00");
    await payment.getByLabel("Reference").fill("Bank transfer 1");
    await payment.getByRole("button", { name: "Record payment" }).click();
    await expectText(page, "balance-due", "€259.99");
    await expectText(page, "amount-paid", "€200.00");
    await expectText(page, "invoice-status", "Sent");
    await expect(page.locator('[data-testid="payments"] tbody tr').count()).resolves.toBe(1);
    await screenshot(page, "inv-e1-partial-payment");

    const dash = await readDashboard(page);
    expect(dash).toEqual({ outstanding: "€259.99", paidThisMonth: "€200.00" });

    await page.goto(invoiceUrl);
    const rest = page.getByRole("form", { name: "Record payment" });
    await expect(rest.getByLabel("Amount (EUR)").inputValue()).resolves.toBe("259.99");
    await rest.getByRole("button", { name: "Record payment" }).click();
    await expectText(page, "invoice-status", "Paid");
    await expectText(page, "balance-due", "€0.00");
    await expectText(page, "amount-paid", "€459.99");
    await expect(page.getByRole("form", { name: "Record payment" }).count()).resolves.toBe(0);
    await screenshot(page, "inv-e2-paid");
  });

  it("(f) the dashboard shows it paid this month and nothing outstanding", async () => {
    const after = await readDashboard(page);
    expect(after).toEqual({ outstanding: "€0.00", paidThisMonth: "€459.99" });
    expect(after).not.toEqual(before);
    await screenshot(page, "inv-f1-dashboard");
  });

  it("(g) downloads the PDF: a real PDF with the number, the client and the total", async () => {
    const res = await fetchWithSession(page, `${invoiceUrl}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toContain('filename="INV-0001.pdf"');
    expect(res.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const file = path.join(ARTIFACTS_DIR, "INV-0001.pdf");
    await writeFile(file, res.body);
    const { stdout } = await promisify(execFile)("pdftotext", ["-layout", file, "-"]);
    expect(stdout).toContain("INV-0001");
    expect(stdout).toContain(clientName);
    expect(stdout).toContain("459.99");

    // The button downloads the same file.
    await page.goto(invoiceUrl);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
    expect(download.suggestedFilename()).toBe("INV-0001.pdf");
  });

  it("(h) the list filters by status and exports what it shows as CSV", async () => {
    await page.goto("/invoices");
    const rows = page.locator('table[data-testid="invoices"] tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().locator(".status-badge").textContent()).resolves.toBe("Paid");
    await screenshot(page, "inv-h1-list");

    await page.getByLabel("Sent", { exact: true }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No invoices match these filters.").waitFor();
    expect(new URL(page.url()).searchParams.getAll("status")).toEqual(["sent"]);

    await page.getByLabel("Sent", { exact: true }).uncheck();
    await page.getByLabel("Paid", { exact: true }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/status=paid/);
    await expect(rows.count()).resolves.toBe(1);
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(href).toBe("/invoices/export.csv?status=paid");
    const csv = await fetchWithSession(page, href ?? "");
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="invoices-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.body
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("INV-0001,paid,");
    expect(lines[1]).toContain(",EUR,459.99,459.99,0.00");

    // Filters the service rejects answer a readable 422, not a crash.
    const bad = await fetchWithSession(page, "/invoices/export.csv?status=lost");
    expect(bad.status).toBe(422);
    expect(bad.body.toString("utf8")).toContain('Unknown status "lost"');
  });
});
