import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCapture, type SmtpCapture } from "../support/smtp-capture";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { freePort } from "@/platform/db/embedded";
import { ARTIFACTS_DIR, launchBrowser, screenshot, uniqueSuffix } from "../support/browser";
import { instances, type Instances } from "../support/instances";
import { parseMail, type ParsedMail } from "../support/mime";

/*
 * The whole way of an invoice to a client, in real Chromium against a real app instance that sends
 * through SMTP (an in-process smtp-server owns what arrives): the owner sends an invoice by email from
 * the Send dialog; the message arrives with the PDF attached; its link opens the invoice in a fresh
 * browser context with no session, on a phone-sized screen; the PDF downloads; the owner sees the
 * view; a revoked link answers the same 404 as a made-up one.
 *
 * This suite starts its own app (the shared e2e app keeps mail in the outbox, which other suites read).
 */

const run = promisify(execFile);
let smtp: SmtpCapture | undefined;
let app: Instances;
let appUrl = "";
let dataDir = "";
let browser: Browser;
let owner: Page;

const suffix = uniqueSuffix();
const clientEmail = `accounts-${suffix}@client.test`;
const ccEmail = `boss-${suffix}@client.test`;
const clientName = `Nordlicht GmbH ${suffix}`;
const LINK = /https?:\/\/[^\s]+\/i\/[A-Za-z0-9_-]{43}/;

async function waitForMail(to: string, timeoutMs = 90_000): Promise<ParsedMail> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const hit = smtp?.received.find((m) => m.to.includes(to));
    if (hit) return parseMail(hit.raw);
    if (performance.now() > until) throw new Error(`no email to ${to} arrived in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function freshContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  return browser.newContext({ baseURL: appUrl, viewport, acceptDownloads: true });
}

beforeAll(async () => {
  const capture = await startSmtpCapture();
  smtp = capture;

  dataDir = await mkdtemp(path.join(os.tmpdir(), "workledger-delivery-"));
  await chmod(dataDir, 0o755);
  const pgPort = await freePort();
  // Its own embedded database: nothing configured for the other projects may reach this app.
  for (const key of [
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "WL_TENANT_DATABASE_URL",
    "WL_AUTH_DATABASE_URL",
    "WL_ANALYTICS_DATABASE_URL",
    "WL_JOBS_DATABASE_URL",
    "REDIS_URL",
  ])
    delete process.env[key];
  app = instances();
  const port = await app.start(
    "src/main.ts",
    (p) => ({
      APP_URL: `http://localhost:${p}`,
      WORKLEDGER_DATA_DIR: dataDir,
      WORKLEDGER_PG_PORT: String(pgPort),
      SMTP_URL: capture.url,
      MAIL_FROM: "Workledger <billing@workledger.test>",
      TRUST_PROXY: "1",
    }),
    240_000,
  );
  appUrl = `http://localhost:${port}`;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stopAll();
  await smtp?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("an invoice reaches its client: email, link, public page, PDF", () => {
  let invoiceUrl = "";
  let link = "";

  it("(a) the owner signs up, adds a client with an email address and a draft invoice", async () => {
    const context = await freshContext({ width: 1280, height: 800 });
    owner = await context.newPage();
    owner.setDefaultTimeout(30_000);
    await owner.goto("/sign-up");
    await owner.getByLabel("Your name", { exact: true }).fill("Dora Delivery");
    await owner.getByLabel("Email", { exact: true }).fill(`dora-${suffix}@example.test`);
    await owner.getByLabel("Password", { exact: true }).fill("dora sends long passphrases");
    await owner.getByLabel("Workspace name", { exact: true }).fill(`Dora Studio ${suffix}`);
    await owner.getByRole("button", { name: "Create account" }).click();
    await owner.waitForURL("**/dashboard");

    await owner.goto("/clients/new");
    await owner.getByLabel("Name", { exact: true }).fill(clientName);
    await owner.getByLabel("Email", { exact: true }).fill(clientEmail);
    await owner.getByLabel("Default currency", { exact: true }).fill("EUR");
    await owner.getByRole("button", { name: "Create client" }).click();
    await owner.waitForURL(/\/clients\/[0-9a-f-]{36}$/);

    await owner.goto("/invoices/new");
    await owner.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
    await owner.getByLabel("Description, line 1", { exact: true }).fill("Brand workshop");
    await owner.getByLabel("Quantity, line 1", { exact: true }).fill("2");
    await owner.getByLabel("Unit price, line 1", { exact: true }).fill("480.00");
    await owner.getByRole("button", { name: "Save draft" }).click();
    await owner.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    invoiceUrl = new URL(owner.url()).pathname;
  });

  it("(b) sends it from the Send dialog to the client and a Cc, with the PDF", async () => {
    await owner.goto(invoiceUrl);
    await owner.getByRole("button", { name: "Send…" }).click();
    const dialog = owner.getByRole("dialog");
    await expect(dialog.getByLabel("To", { exact: true }).inputValue()).resolves.toContain(clientEmail);
    await dialog.getByLabel("Cc", { exact: true }).fill(ccEmail);
    await expect(dialog.getByLabel("Attach PDF").isChecked()).resolves.toBe(true);
    await screenshot(owner, "delivery-b1-send-dialog");
    await dialog.getByRole("button", { name: "Send invoice" }).click();
    await owner.getByTestId("invoice-number").filter({ hasNotText: "Draft invoice" }).waitFor();
    const number = (await owner.getByTestId("invoice-number").textContent())!.trim();

    const mail = await waitForMail(clientEmail);
    expect(smtp!.received.find((m) => m.to.includes(clientEmail))!.to).toEqual(expect.arrayContaining([clientEmail, ccEmail]));
    expect(mail.headers["cc"]).toContain(ccEmail);
    expect(mail.text).toContain(number);
    expect(mail.text).toContain("€960.00");
    const pdf = mail.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf).toBeDefined();
    const file = path.join(ARTIFACTS_DIR, `delivery-${suffix}.pdf`);
    await writeFile(file, pdf!.content);
    const { stdout } = await run("pdftotext", [file, "-"]);
    expect(stdout).toContain(number);
    expect(stdout).toContain("Brand workshop");
    link = LINK.exec(mail.text)?.[0] ?? "";
    expect(link).not.toBe("");

    // The invoice page lists the delivery as sent.
    await owner.goto(invoiceUrl);
    await owner.getByTestId("deliveries").filter({ hasText: clientEmail }).waitFor();
  });

  it("(c) the link opens the invoice on a phone with no session, and its PDF downloads", async () => {
    const context = await freshContext({ width: 390, height: 844 });
    const phone = await context.newPage();
    const response = await phone.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["x-robots-tag"]).toContain("noindex");
    expect(await phone.locator('meta[name="robots"]').getAttribute("content")).toContain("noindex");
    await phone.getByTestId("public-invoice-total").filter({ hasText: "€960.00" }).waitFor();
    await expect(phone.getByTestId("public-balance-due").textContent()).resolves.toContain("€960.00");
    await expect(phone.getByText(clientName).first().isVisible()).resolves.toBe(true);
    // Nothing of the app: no navigation, no workspace switcher.
    await expect(phone.locator("nav").count()).resolves.toBe(0);
    // A document on paper colours, also for a visitor whose system prefers dark (the app's dark theme stays out).
    await phone.emulateMedia({ colorScheme: "dark" });
    await expect(phone.evaluate(() => getComputedStyle(document.body).color)).resolves.toBe("rgb(28, 36, 48)");
    const widths = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
    await screenshot(phone, "delivery-c1-public-invoice-390");

    const [download] = await Promise.all([phone.waitForEvent("download"), phone.getByRole("link", { name: /PDF/ }).first().click()]);
    const saved = path.join(ARTIFACTS_DIR, `delivery-public-${suffix}.pdf`);
    await download.saveAs(saved);
    const { stdout } = await run("pdftotext", [saved, "-"]);
    expect(stdout).toContain("Brand workshop");
    await context.close();
  });

  it("(d) the owner sees that the client viewed it; after a revoke the link answers like a made-up one", async () => {
    await owner.goto(invoiceUrl);
    await owner.getByTestId("public-link-views").filter({ hasText: "Viewed by client on" }).waitFor();
    owner.once("dialog", (d) => void d.accept());
    await owner.getByRole("button", { name: "Revoke link" }).click();
    await owner.getByTestId("public-link-views").filter({ hasText: "No link" }).waitFor();

    const revoked = await fetch(link);
    const madeUp = await fetch(link.replace(/\/i\/.+$/, `/i/${"A".repeat(43)}`));
    expect(revoked.status).toBe(404);
    expect(madeUp.status).toBe(404);
    expect(await revoked.text()).toBe(await madeUp.text());
  });
});
