import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  createClientInBrowser,
  createTaxRateInBrowser,
  launchBrowser,
  newPage,
  signUpInBrowser,
  uniqueSuffix,
  type BrowserUser,
} from "../support/browser";

/*
 * The look of the app, held to it in real Chromium: at a phone (390 × 844) and a laptop (1366 × 900),
 * in light and dark, the main pages do not scroll sideways, the invoice editor's controls do not
 * overlap, axe-core finds no serious or critical accessibility problem, and a full-page screenshot of
 * each is saved under test-results/screenshots/ for people to look at.
 */

const SCREENSHOTS = path.resolve(import.meta.dirname, "../../test-results/screenshots");
const VIEWPORTS = [
  { name: "390", width: 390, height: 844 },
  { name: "1366", width: 1366, height: 900 },
] as const;
const THEMES = ["light", "dark"] as const;

const run = uniqueSuffix();
const owner: BrowserUser = {
  name: "Lotte Lookwell",
  email: `ui-look-${run}@example.test`,
  password: "ui look long passphrase",
  workspaceName: `Lookwell Studio ${run.slice(0, 8)}`,
};
const euroClient = `Ångström Design & Brand Consultancy ${run.slice(0, 4)}`;
const dollarClient = `Northwind Traders ${run.slice(0, 4)}`;

let browser: Browser;
let page: Page;
let invoicePath = "";

const line = (p: Page, n: number) => ({
  description: p.getByLabel(`Description, line ${n}`, { exact: true }),
  quantity: p.getByLabel(`Quantity, line ${n}`, { exact: true }),
  unitPrice: p.getByLabel(`Unit price, line ${n}`, { exact: true }),
  taxRate: p.getByLabel(`Tax rate, line ${n}`, { exact: true }),
});

/** Fills the editor's lines (adding rows as needed). */
async function fillLines(p: Page, lines: { description: string; quantity: string; unitPrice: string; tax?: string }[]): Promise<void> {
  for (const [i, l] of lines.entries()) {
    if (i > 0) await p.getByRole("button", { name: "+ Add line" }).click();
    const row = line(p, i + 1);
    await row.description.fill(l.description);
    await row.quantity.fill(l.quantity);
    await row.unitPrice.fill(l.unitPrice);
    if (l.tax) await row.taxRate.selectOption({ label: l.tax });
  }
}

/** How far the page scrolls sideways, and the widest elements sticking out (for the failure message). */
async function sidewaysOverflow(p: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return p.evaluate(() => {
    const innerWidth = window.innerWidth;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")} right=${Math.round(el.getBoundingClientRect().right)}`,
      );
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
  });
}

/** Pairs of visible interactive controls inside `selector` whose boxes overlap by more than a pixel each way. */
async function overlappingControls(p: Page, selector: string): Promise<string[]> {
  return p.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) return [`no ${sel}`];
    const controls = [...root.querySelectorAll<HTMLElement>("input, select, textarea, button, a[href]")]
      .filter((el) => el.offsetParent !== null && el.getClientRects().length > 0)
      .map((el) => ({ name: el.getAttribute("aria-label") ?? el.id ?? el.textContent ?? el.tagName, box: el.getBoundingClientRect() }))
      .filter((c) => c.box.width > 0 && c.box.height > 0);
    const found: string[] = [];
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i]!.box;
        const b = controls[j]!.box;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) found.push(`${controls[i]!.name} × ${controls[j]!.name}`);
      }
    }
    return found;
  }, selector);
}

let axeSource = "";
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core's serious and critical violations on the page. Its source is evaluated through the
 * DevTools protocol: page.addScriptTag({ content }) would add an inline <script> without the
 * request's nonce, which the CSP refuses (and the browser watch in tests/support/browser.ts would fail
 * the test on that violation), so the policy stays as it is and the test goes around it.
 */
async function seriousViolations(p: Page): Promise<string[]> {
  if (!(await p.evaluate(() => "axe" in window))) await p.evaluate(axeSource);
  const violations = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(" ")} (${n.failureSummary ?? ""})`).join("; ")}`);
}

async function setTheme(context: BrowserContext, theme: "light" | "dark" | "system"): Promise<void> {
  const url = new URL(page.url());
  await context.addCookies([{ name: "theme", value: theme, domain: url.hostname, path: "/" }]);
}

async function shot(p: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  browser = await launchBrowser();
  page = await newPage(browser);
  await signUpInBrowser(page, owner);
  await createTaxRateInBrowser(page, { name: "VAT 20%", rate: "20" });
  await createClientInBrowser(page, { name: euroClient, currency: "EUR" });
  await createClientInBrowser(page, { name: dollarClient, currency: "USD" });

  // A sent EUR invoice with three lines (one long description), partly paid.
  await page.goto("/invoices/new");
  await page.getByLabel("Client", { exact: true }).selectOption({ label: euroClient });
  await fillLines(page, [
    {
      description: "Brand identity workshop, two days on site with the founding team, including preparation and a written summary",
      quantity: "2",
      unitPrice: "1450.00",
      tax: "VAT 20%",
    },
    { description: "Logo design, three rounds of revisions", quantity: "1", unitPrice: "2400.00", tax: "VAT 20%" },
    { description: "Hosting, first month", quantity: "1", unitPrice: "29.90" },
  ]);
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
  invoicePath = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Mark as sent without emailing" }).click();
  await page.getByTestId("invoice-number").filter({ hasText: /^INV-/ }).waitFor();
  const payment = page.getByRole("form", { name: "Record payment" });
  await payment.getByLabel("Amount (EUR)").fill("1500.00");
  await payment.getByLabel("Reference").fill("Bank transfer");
  await payment.getByRole("button", { name: "Record payment" }).click();
  await page.locator('[data-testid="payments"] tbody tr').first().waitFor();

  // A USD draft: the dashboard then has two currencies.
  await page.goto("/invoices/new");
  await page.getByLabel("Client", { exact: true }).selectOption({ label: dollarClient });
  await fillLines(page, [{ description: "Quarterly retainer", quantity: "1", unitPrice: "3200.00" }]);
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Mark as sent without emailing" }).click();
  await page.getByTestId("invoice-number").filter({ hasText: /^INV-/ }).waitFor();
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

const PAGES = () => [
  { name: "dashboard", path: "/dashboard" },
  { name: "invoices", path: "/invoices" },
  { name: "editor", path: "/invoices/new" },
  { name: "invoice", path: invoicePath },
  { name: "clients", path: "/clients" },
  { name: "team", path: "/team" },
];

/** Opens the editor with three lines filled in, the way a person sees it while writing an invoice. */
async function openFilledEditor(p: Page): Promise<void> {
  await p.goto("/invoices/new");
  await p.getByLabel("Client", { exact: true }).selectOption({ label: euroClient });
  await fillLines(p, [
    { description: "Strategy session", quantity: "3.5", unitPrice: "180.00", tax: "VAT 20%" },
    { description: "Copywriting for the landing page, German and English", quantity: "12", unitPrice: "95.00" },
  ]);
}

describe("the checks themselves catch what they look for", () => {
  it("a deliberately wide element and two stacked controls are reported", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/dashboard");
    expect((await sidewaysOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    // Only once React has hydrated the page: a node appended to <main> before that is a hydration mismatch.
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => {
      const wide = document.createElement("div");
      wide.style.width = "900px";
      wide.style.height = "10px";
      wide.id = "too-wide";
      document.querySelector("main")?.append(wide);
    });
    const overflow = await sidewaysOverflow(page);
    expect(overflow.scrollWidth).toBeGreaterThan(overflow.innerWidth);
    expect(overflow.culprits.join("\n")).toContain("div#too-wide");

    await openFilledEditor(page);
    expect(await overlappingControls(page, "form.inv-editor")).toEqual([]);
    await page.evaluate(() => {
      const q = document.querySelector<HTMLElement>('[aria-label="Quantity, line 1"]');
      if (q) {
        q.style.position = "relative";
        q.style.left = "-40px";
      }
      const d = document.querySelector<HTMLElement>('[aria-label="Description, line 1"]');
      const box = d?.getBoundingClientRect();
      const qb = q?.getBoundingClientRect();
      if (q && box && qb) q.style.top = `${box.top - qb.top + 5}px`;
    });
    expect((await overlappingControls(page, "form.inv-editor")).join("\n")).toContain("Quantity, line 1");
  });
});

describe.each(VIEWPORTS)("at $width px", (viewport) => {
  it.each(THEMES)(
    "%s: no page scrolls sideways, axe finds nothing serious, screenshots saved",
    async (theme) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await setTheme(page.context(), theme);
      const problems: string[] = [];
      for (const target of PAGES()) {
        if (target.name === "editor") await openFilledEditor(page);
        else await page.goto(target.path);
        await page.waitForFunction(() => document.readyState === "complete");
        await expect(page.locator("html").getAttribute("data-theme")).resolves.toBe(theme);
        const overflow = await sidewaysOverflow(page);
        if (overflow.scrollWidth > overflow.innerWidth)
          problems.push(`${target.name}: scrollWidth ${overflow.scrollWidth} > ${overflow.innerWidth} (${overflow.culprits.join(", ")})`);
        if (target.name === "editor") {
          for (const o of await overlappingControls(page, "form.inv-editor")) problems.push(`editor: overlapping ${o}`);
          const width = (await line(page, 1).description.boundingBox())?.width ?? 0;
          if (width < 120) problems.push(`editor: description box ${width}px wide`);
        }
        for (const v of await seriousViolations(page)) problems.push(`${target.name}: ${v}`);
        await shot(page, `${target.name}-${viewport.name}-${theme}`);
      }
      expect(problems).toEqual([]);
    },
    180_000,
  );
});

describe("the phone menu and the theme", () => {
  it("at 390 px a menu button opens the navigation in a dialog; at 1366 px the links show and the top bar is one line", async () => {
    await setTheme(page.context(), "light");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/dashboard");
    await expect(page.getByRole("navigation", { name: "Main" }).count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Open menu" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("link", { name: "Invoice settings" }).waitFor();
    await shot(page, "menu-390-light");
    await dialog.getByRole("link", { name: "Clients" }).click();
    await page.waitForURL("**/clients");
    await dialog.waitFor({ state: "detached" });

    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto("/dashboard");
    await expect(page.getByRole("button", { name: "Open menu" }).isVisible()).resolves.toBe(false);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoice settings" }).waitFor();
    const header = await page.locator("header").first().boundingBox();
    expect(header?.height).toBeLessThanOrEqual(64);
  });

  it("the toggle switches to dark, the server renders dark on the next page, and system follows the OS", async () => {
    await setTheme(page.context(), "system");
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/dashboard");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.getByTestId("theme-toggle").click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    await expect(page.locator("html").getAttribute("data-theme")).resolves.toBe("dark");
    const dark = await background();
    expect(dark).not.toBe(light);
    // The cookie makes the server render it: the HTML of the next request already says dark.
    const html = await (await page.request.get("/invoices")).text();
    expect(html).toMatch(/<html[^>]*data-theme="dark"/);
    await page.reload();
    await expect(background()).resolves.toBe(dark);

    // System: follows the emulated operating-system preference.
    await page.getByTestId("theme-toggle").click();
    await page.getByRole("menuitemradio", { name: "System" }).click();
    await expect(background()).resolves.toBe(light);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(background()).resolves.toBe(dark);
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByTestId("theme-toggle").click();
    await page.getByRole("menuitemradio", { name: "Light" }).click();
    await expect(background()).resolves.toBe(light);
  });

  it("the dashboard lines up currencies across cards and does not colour a zero; a new workspace's chart says there is no data", async () => {
    await setTheme(page.context(), "light");
    await page.goto("/dashboard");
    const rows = await page.evaluate(() =>
      ["outstanding", "overdue", "paid-this-month"].map((id) =>
        [...document.querySelectorAll(`[data-testid="${id}"] li`)].map((li) => ({
          currency: li.querySelector("[data-testid]")?.getAttribute("data-testid")?.split("-").pop(),
          top: Math.round(li.getBoundingClientRect().top),
        })),
      ),
    );
    expect(rows.map((r) => r.map((x) => x.currency))).toEqual([
      ["EUR", "USD"],
      ["EUR", "USD"],
      ["EUR", "USD"],
    ]);
    expect(new Set(rows.map((r) => r.map((x) => x.top).join(","))).size).toBe(1);
    const overdue = page.getByTestId("overdue-EUR");
    await expect(overdue.textContent()).resolves.toBe("€0.00");
    const color = await overdue.evaluate((el) => getComputedStyle(el).color);
    const text = await page.evaluate(() => getComputedStyle(document.body).color);
    expect(color).toBe(text);
    await expect(page.getByTestId("chart-empty").count()).resolves.toBe(0);

    const fresh = await newPage(browser);
    const suffix = uniqueSuffix();
    await signUpInBrowser(fresh, {
      name: "Nadia New",
      email: `ui-look-new-${suffix}@example.test`,
      password: "ui look long passphrase",
      workspaceName: `Fresh ${suffix.slice(0, 8)}`,
    });
    await expect(fresh.getByTestId("chart-empty").textContent()).resolves.toContain("No data yet");
    await fresh.context().close();
  });
});
