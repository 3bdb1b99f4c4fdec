/**
 * The README's screenshots, taken from the running app with the demo data:
 *
 *   npm run seed:demo && npm start      (in another terminal)
 *   npx tsx scripts/readme-screenshots.ts [http://localhost:3000]
 *
 * Signs in as the demo owner (SEED_DEMO_EMAIL / SEED_DEMO_PASSWORD) in Debian's Chromium and writes
 * docs/screenshots/{dashboard-light,invoices-dark,invoice-editor-phone}.png (viewport-sized, so each stays small).
 */
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { chromium, type Page } from "playwright-core";
import { config } from "../src/platform/config";

const base = process.argv[2] ?? "http://localhost:3000";
const out = path.resolve(import.meta.dirname, "../docs/screenshots");

async function themed(page: Page, theme: "light" | "dark"): Promise<void> {
  await page.context().addCookies([{ name: "theme", value: theme, url: base }]);
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(config().SEED_DEMO_EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(config().SEED_DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/dashboard");

  await themed(page, "light");
  await page.goto("/dashboard");
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: path.join(out, "dashboard-light.png") });

  await themed(page, "dark");
  await page.goto("/invoices");
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: path.join(out, "invoices-dark.png") });

  await themed(page, "light");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/invoices/new");
  const client = page.getByLabel("Client", { exact: true });
  const first = await client.locator("option").nth(1).textContent();
  await client.selectOption({ label: first ?? "" });
  await page.getByLabel("Description, line 1", { exact: true }).fill("Design sprint, two days on site");
  await page.getByLabel("Quantity, line 1", { exact: true }).fill("2");
  await page.getByLabel("Unit price, line 1", { exact: true }).fill("1450.00");
  await page.getByRole("button", { name: "+ Add line" }).click();
  await page.getByLabel("Description, line 2", { exact: true }).fill("Prototype testing with five users");
  await page.getByLabel("Unit price, line 2", { exact: true }).fill("900.00");
  await page.getByLabel("Description, line 2", { exact: true }).blur();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, "invoice-editor-phone.png") });
  await browser.close();
  console.log(`Screenshots written to ${out}`);
}

await main();
