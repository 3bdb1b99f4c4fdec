import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import {
  acceptNextDialog,
  createClientInBrowser,
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
 * The reproduced bugs of the UI issue, each seen the way a person sees it, in real Chromium against
 * the real app. The steps build on each other (one account, its two workspaces) and run in order.
 */

const run = uniqueSuffix();
const owner: BrowserUser = {
  name: "Uma Bugfinder",
  email: `ui-bugs-${run}@example.test`,
  password: "ui bugs long passphrase",
  workspaceName: `Alpha Works ${run}`,
};
const second = `Beta Works ${run}`;
const clientName = `Bug Client ${run}`;
const UUID_PATH = /\/invoices\/[0-9a-f-]{36}$/;

let browser: Browser;
let page: Page;
let invoiceUrl = "";
let today = "";

const line = (p: Page, n: number) => ({
  description: p.getByLabel(`Description, line ${n}`, { exact: true }),
  quantity: p.getByLabel(`Quantity, line ${n}`, { exact: true }),
  unitPrice: p.getByLabel(`Unit price, line ${n}`, { exact: true }),
  discountKind: p.getByLabel(`Discount type, line ${n}`, { exact: true }),
  discount: p.getByLabel(`Discount, line ${n}`, { exact: true }),
});

/** The text of the option the select shows. */
async function shownOption(select: Locator): Promise<string> {
  return select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? "");
}

async function switchTo(p: Page, name: string): Promise<void> {
  await p.locator("#workspace-switcher").selectOption({ label: name });
  await p.getByTestId("workspace-name").filter({ hasText: name }).waitFor();
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signUpInBrowser(page, owner);
});

afterAll(async () => {
  await browser?.close();
});

describe("the UI issue's bugs, fixed", () => {
  it("(11) /favicon.ico and the SVG icon answer with images", async () => {
    const ico = await fetchWithSession(page, "/favicon.ico");
    expect(ico.status).toBe(200);
    expect(ico.headers["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(ico.body.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').first().getAttribute("href");
    const svg = await fetchWithSession(page, href ?? "/icon.svg");
    expect(svg.status).toBe(200);
    expect(svg.headers["content-type"]).toMatch(/^image\/svg\+xml/);
  });

  it("(5) a second workspace with the same name (other case and spaces) is refused next to the name", async () => {
    await page.goto("/workspaces/new");
    await page.getByLabel("Workspace name", { exact: true }).fill(`  ${owner.workspaceName.toUpperCase()} `);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.locator("#field-name-error").filter({ hasText: "You already have a workspace named" }).waitFor();
    await page.getByLabel("Workspace name", { exact: true }).fill(second);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL("**/dashboard");
    await page.getByTestId("workspace-name").filter({ hasText: second }).waitFor();
  });

  it("(1) the switcher always shows the active workspace: after a switch, after navigating, and switching back works", async () => {
    const switcher = page.locator("#workspace-switcher");
    expect(await shownOption(switcher)).toBe(second);
    await switchTo(page, owner.workspaceName);
    expect(await shownOption(switcher)).toBe(owner.workspaceName);
    await page.getByRole("link", { name: "Clients", exact: true }).first().click();
    await page.waitForURL("**/clients");
    expect(await shownOption(switcher)).toBe(owner.workspaceName);
    await switchTo(page, second);
    expect(await shownOption(switcher)).toBe(second);
    await switchTo(page, owner.workspaceName);
    expect(await shownOption(switcher)).toBe(owner.workspaceName);
    await screenshot(page, "ui-bugs-1-switcher");
  });

  it("(3) an API key expiring today shows its error next to 'Expires on'", async () => {
    await page.goto("/invoices/new");
    today = await page.locator("#field-issueDate").inputValue();
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.goto("/api-keys");
    await page.getByLabel("Key name", { exact: true }).fill("Expires today");
    await page.getByLabel("Expires on (optional)", { exact: true }).fill(today);
    await page.getByRole("button", { name: "Create API key" }).click();
    await page.locator("#field-expiresOn-error").filter({ hasText: "The expiry must be in the future" }).waitFor();
    await expect(page.getByLabel("Expires on (optional)", { exact: true }).getAttribute("aria-invalid")).resolves.toBe("true");
  });

  it("(9) several messages of one field are separate sentences on their own lines", async () => {
    await page.goto("/clients/new");
    await page.getByLabel("Name", { exact: true }).fill("Currency Test");
    await page.getByLabel("Default currency", { exact: true }).fill("EU");
    await page.getByRole("button", { name: "Create client" }).click();
    const error = page.locator("#field-currency-error");
    await error.waitFor();
    expect(await error.innerText()).toBe("Use a three-letter ISO 4217 code, e.g. EUR.\nUnknown currency code.");
  });

  it("(9) the number prefix's hint and its rule agree: 'Å' is refused in the hint's own words", async () => {
    await page.goto("/invoice-settings");
    const prefix = page.getByLabel("Number prefix", { exact: true });
    const hint = await page.locator(".field", { has: prefix }).locator(".hint").textContent();
    expect(hint).toBe("A–Z and a–z (no accents), digits and - _ / . #");
    await prefix.fill("ÅB-");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page
      .locator("#field-numberPrefix-error")
      .filter({ hasText: "Use only A–Z and a–z (no accents), digits and - _ / . #" })
      .waitFor();
  });

  it("(6, 7) the editor reports every mistake at once, and refuses an issue date in 9999", async () => {
    await createClientInBrowser(page, { name: clientName, currency: "EUR" });
    await page.goto("/invoices/new");
    await page.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await page.locator("#field-issueDate").fill(today);
    await page.locator("#field-dueDate").fill(yesterday);
    const values: [string, string, string][] = [
      ["", "1", "10"],
      ["Hosting", "-3", "5"],
      ["Support", "abc", "7.50"],
      ["Licence", "1", "-50"],
      ["Training", "1", "20"],
    ];
    for (const [i, [description, quantity, unitPrice]] of values.entries()) {
      if (i > 0) await page.getByRole("button", { name: "+ Add line" }).click();
      const l = line(page, i + 1);
      await l.description.fill(description);
      await l.quantity.fill(quantity);
      await l.unitPrice.fill(unitPrice);
    }
    await line(page, 5).discountKind.selectOption("percent");
    await line(page, 5).discount.fill("150");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.locator("#field-dueDate-error").filter({ hasText: "The due date cannot be before the issue date" }).waitFor();
    const invalid = async (l: Locator) => l.getAttribute("aria-invalid");
    await expect(invalid(line(page, 1).description)).resolves.toBe("true");
    await expect(invalid(line(page, 2).quantity)).resolves.toBe("true");
    await expect(invalid(line(page, 3).quantity)).resolves.toBe("true");
    await expect(invalid(line(page, 4).unitPrice)).resolves.toBe("true");
    await expect(invalid(line(page, 5).discount)).resolves.toBe("true");
    await screenshot(page, "ui-bugs-6-all-errors");

    // (7) An issue date in 9999 is refused next to the field.
    await page.locator("#field-issueDate").fill("9999-12-01");
    await page.locator("#field-dueDate").fill("9999-12-31");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.locator("#field-issueDate-error").waitFor();

    // Fixed, it saves: one line is enough.
    for (let n = 5; n > 1; n--) await page.getByRole("button", { name: `Remove line ${n}` }).click();
    await page.locator("#field-issueDate").fill(today);
    await page.locator("#field-dueDate").fill(today);
    await line(page, 1).description.fill("Design");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(UUID_PATH);
    invoiceUrl = new URL(page.url()).pathname;
  });

  it("(4) a draft owes nothing: the list shows a balance of €0.00", async () => {
    await page.goto("/invoices");
    const row = page.locator('[data-testid="invoices"] tbody tr').first();
    await expect(row.locator("td").last().textContent()).resolves.toBe("€0.00");
  });

  it("(9) a notice belongs to its action: 'Sent as …' goes when a payment is recorded", async () => {
    await page.goto(invoiceUrl);
    await page.getByRole("button", { name: "Mark as sent without emailing" }).click();
    await page.getByRole("status").filter({ hasText: "Sent as" }).waitFor();
    const payment = page.getByRole("form", { name: "Record payment" });
    await payment.getByLabel(/^Amount/).fill("1.00");
    await payment.getByRole("button", { name: "Record payment" }).click();
    await page.getByRole("status").filter({ hasText: "Payment of €1.00 recorded." }).waitFor();
    await expect(page.getByRole("status").filter({ hasText: "Sent as" }).count()).resolves.toBe(0);
  });

  it("(10) the audit log shows money in its currency and the invoice by its number, linked", async () => {
    await page.goto("/audit?action=payment.recorded");
    const row = page.locator("table tbody tr").first();
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("amount: €1.00");
    expect(text).not.toMatch(/amountMinor|[0-9a-f]{8}-[0-9a-f]{4}/);
    const number = await row.getByRole("link").first().textContent();
    expect(number).toMatch(/\d/);
    expect(await row.getByRole("link").first().getAttribute("href")).toBe(invoiceUrl);
  });

  it("(8) a reversed date range is a field error; an old page number is not 'no invoices yet'", async () => {
    await page.goto("/invoices?issuedFrom=2026-12-01&issuedTo=2026-01-01");
    await page.locator("#filter-to-error").filter({ hasText: "The start date is after the end date" }).waitFor();
    expect(await testIdText(page, "invoices-empty")).toContain("Correct the filters above");
    await expect(page.locator('[data-testid="invoices"]').count()).resolves.toBe(0);

    // The list pages by cursor (signed, per order): an old numbered link lands on the first page, never on
    // "No invoices yet".
    await page.goto("/invoices?page=999");
    await page.locator('[data-testid="invoices"]').waitFor();
    await expect(page.locator('[data-testid="invoices-empty"]').count()).resolves.toBe(0);
  });

  it("(2) deleting a client with invoices says why and offers to archive it instead", async () => {
    await page.goto("/clients");
    await page.getByRole("link", { name: clientName, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: clientName }).waitFor();
    acceptNextDialog(page);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const refused = page.getByTestId("client-delete-refused");
    await refused.filter({ hasText: "This client has invoices" }).waitFor();
    await refused.getByRole("button", { name: "Archive instead" }).click();
    await page.getByRole("heading", { level: 1 }).locator(".badge", { hasText: "archived" }).waitFor();
    await screenshot(page, "ui-bugs-2-archived");
  });
});
