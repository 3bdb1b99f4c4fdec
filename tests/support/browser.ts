import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, inject } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Where e2e artifacts (screenshots, the server log) go. */
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, "../../test-results/e2e");

/** The system Chromium (Debian package); `npx playwright install` is not available here. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Something a page did that fails the test it happened in: a Content-Security-Policy violation or an uncaught error. */
export interface BrowserProblem {
  kind: "csp violation" | "csp console message" | "page error";
  text: string;
  url: string;
}

/** Problems seen since the last check, per browser context (one context per newPage). */
const problemsByContext = new Map<BrowserContext, BrowserProblem[]>();

/** Chromium's console lines for a blocked load or execution ("Refused to …", "… violates the following Content Security Policy directive …"). */
const CSP_CONSOLE_MESSAGE = /Refused to |Content Security Policy/i;

interface ViolationReport {
  directive: string;
  blockedURI: string;
  sample: string;
  sourceFile: string;
  line: number;
  documentURI: string;
}

/**
 * Records every CSP violation (the page's `securitypolicyviolation` events and Chromium's console
 * lines, which also cover what the page cannot see, like being refused as a frame) and every uncaught
 * page error of this context. The test they happen in fails (see the afterEach hook below).
 */
async function watchForProblems(context: BrowserContext): Promise<void> {
  const problems: BrowserProblem[] = [];
  problemsByContext.set(context, problems);
  context.once("close", () => {
    // Problems of a closed context still count: keep the list until it has been checked.
    if (problems.length === 0) problemsByContext.delete(context);
  });
  context.on("console", (message) => {
    if (CSP_CONSOLE_MESSAGE.test(message.text()))
      problems.push({ kind: "csp console message", text: message.text(), url: message.page()?.url() ?? "" });
  });
  context.on("weberror", (webError) => {
    const error = webError.error();
    problems.push({ kind: "page error", text: `${error.name}: ${error.message}`, url: webError.page()?.url() ?? "" });
  });
  await context.exposeBinding("__workledgerCspViolation", (_source, report: ViolationReport) => {
    problems.push({
      kind: "csp violation",
      text: `${report.directive} blocked ${report.blockedURI || "(inline)"}${report.sample ? ` "${report.sample}"` : ""} at ${report.sourceFile}:${report.line}`,
      url: report.documentURI,
    });
  });
  // Init scripts run in every document before its own scripts, and CSP does not apply to them.
  await context.addInitScript(() => {
    const report = (window as unknown as { __workledgerCspViolation: (r: ViolationReport) => void }).__workledgerCspViolation;
    document.addEventListener("securitypolicyviolation", (e) => {
      report({
        directive: e.effectiveDirective,
        blockedURI: e.blockedURI,
        sample: e.sample,
        sourceFile: e.sourceFile,
        line: e.lineNumber,
        documentURI: e.documentURI,
      });
    });
  });
}

/** The problems this page's context recorded since the last check, which they are then cleared from. */
export function takeBrowserProblems(page: Page): BrowserProblem[] {
  const problems = problemsByContext.get(page.context()) ?? [];
  return problems.splice(0, problems.length);
}

/** Throws, listing them, when any page recorded a problem since the last check (and clears them). */
export function assertNoBrowserProblems(): void {
  const found = [...problemsByContext.values()].flatMap((problems) => problems.splice(0, problems.length));
  if (found.length > 0) {
    throw new Error(
      `The browser reported ${found.length} problem(s):\n${found.map((p) => `- ${p.kind} on ${p.url}: ${p.text}`).join("\n")}`,
    );
  }
}

/** A round trip to every open page, so that events the pages sent before it have been recorded. */
async function flushBrowserEvents(): Promise<void> {
  const pages = [...problemsByContext.keys()].flatMap((context) => context.pages());
  const settle = (page: Page) =>
    Promise.race([page.evaluate(() => 0).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  await Promise.all(pages.map(settle));
}

// Every test that drives a browser through these helpers fails on a CSP violation or a page error.
afterEach(async () => {
  await flushBrowserEvents();
  assertNoBrowserProblems();
});

/**
 * A page in a fresh browser context: its own cookies, so its own signed-in user. Any CSP violation or
 * uncaught error in it fails the running test.
 */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: inject("appUrl"), viewport: { width: 1280, height: 800 } });
  await watchForProblems(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(60_000);
  return page;
}

export interface BrowserUser {
  name: string;
  email: string;
  password: string;
  workspaceName: string;
}

let counter = 0;
/** Unique per run and per call, so runs never collide on the unique email. */
export function uniqueSuffix(): string {
  counter += 1;
  return `${randomUUID().slice(0, 8)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Fills the real sign-up form and waits for the dashboard of the new workspace. */
export async function signUpInBrowser(page: Page, user: BrowserUser): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Your name", { exact: true }).fill(user.name);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("Workspace name", { exact: true }).fill(user.workspaceName);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/dashboard");
  await page.getByRole("heading", { level: 1, name: user.workspaceName, exact: true }).waitFor();
}

/** Saves a full-page screenshot to test-results/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Creates a client through the real form and waits for its detail page; returns the client's id. */
export async function createClientInBrowser(page: Page, client: { name: string; currency: string }): Promise<string> {
  await page.goto("/clients/new");
  await page.getByLabel("Name", { exact: true }).fill(client.name);
  await page.getByLabel("Default currency", { exact: true }).fill(client.currency);
  await page.getByRole("button", { name: "Create client" }).click();
  await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { level: 1, name: client.name, exact: true }).waitFor();
  return new URL(page.url()).pathname.split("/").pop() ?? "";
}

/** Accepts the next `window.confirm()` (Playwright dismisses dialogs nobody handles, which cancels). */
export function acceptNextDialog(page: Page): void {
  page.once("dialog", (dialog) => void dialog.accept());
}

const INVITE_LINK = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/;

/** The invitation link in the newest outbox email to `email`, read from the Outbox section of /team. */
export async function inviteLinkFromOutbox(page: Page, email: string): Promise<string> {
  await page.goto("/team");
  const mail = page.locator(`[data-testid="outbox"] li[data-to="${email}"]`).first();
  const match = INVITE_LINK.exec((await mail.locator("pre").textContent()) ?? "");
  if (!match) throw new Error(`no invitation link in the outbox email to ${email}`);
  return match[0];
}

/** The trimmed text of the element with this `data-testid` (the first one). */
export async function testIdText(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? "").trim();
}

/** Adds a tax rate through the real form on /tax-rates (admins) and waits for its row. */
export async function createTaxRateInBrowser(page: Page, rate: { name: string; rate: string }): Promise<void> {
  await page.goto("/tax-rates");
  const form = page.getByRole("form", { name: "New tax rate" });
  await form.getByLabel("Name", { exact: true }).fill(rate.name);
  await form.getByLabel("Rate (%)", { exact: true }).fill(rate.rate);
  await form.getByRole("button", { name: "Add tax rate" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Added ${rate.name}.` })
    .waitFor();
  await page.locator(`table[data-testid="tax-rates"] tr[data-name="${rate.name}"]`).waitFor();
}

/** GETs a URL with the page's cookies (a download link, a route handler) and returns status, headers and bytes. */
export async function fetchWithSession(
  page: Page,
  url: string,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const res = await page.request.get(url);
  return { status: res.status(), headers: res.headers(), body: await res.body() };
}
