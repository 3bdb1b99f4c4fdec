import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot, signUpInBrowser, uniqueSuffix } from "../support/browser";

/*
 * The API reference in real Chromium, on the real server, under the page's own strict policy (any
 * CSP violation or page error fails the test, through tests/support/browser.ts): it lists every
 * operation of the OpenAPI document, loads nothing from any other origin, shows an operation's
 * details, and its "Try it out" calls the API with the signed-in session.
 */

const appUrl = inject("appUrl");
const origin = new URL(appUrl).origin;

interface Operation {
  method: string;
  path: string;
  operationId: string;
  tag: string;
}

let browser: Browser;
let operations: Operation[];

beforeAll(async () => {
  browser = await launchBrowser();
  const doc = (await (await fetch(`${appUrl}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId ?? "",
      tag: op.tags?.[0] ?? "default",
    })),
  );
});

afterAll(async () => {
  await browser?.close();
});

/** Opens /api/docs and records every URL the page requests. */
async function openDocs(page: Page): Promise<string[]> {
  const requested: string[] = [];
  page.on("request", (req) => requested.push(req.url()));
  const res = await page.goto("/api/docs");
  expect(res?.status()).toBe(200);
  await page.locator(".opblock").first().waitFor();
  return requested;
}

/** What the page lists: "METHOD path operationId" of every operation block. */
async function listedOperations(page: Page): Promise<string[]> {
  return page
    .locator(".opblock-summary")
    .evaluateAll((summaries) =>
      summaries.map((s) =>
        [".opblock-summary-method", ".opblock-summary-path", ".opblock-summary-operation-id"]
          .map((selector) => (s.querySelector(selector)?.textContent ?? "").replace(/\u200b/g, "").trim())
          .join(" "),
      ),
    );
}

describe("the API reference at /api/docs", () => {
  it("lists every operation of the OpenAPI document, with nothing loaded from another origin", async () => {
    const page = await newPage(browser);
    const requested = await openDocs(page);
    expect(operations.length).toBeGreaterThanOrEqual(30);
    const expected = operations.map((op) => `${op.method} ${op.path} ${op.operationId}`);
    await expect.poll(() => listedOperations(page)).toHaveLength(expected.length);
    expect((await listedOperations(page)).sort()).toEqual(expected.sort());
    for (const named of ["GET /api/v1/invoices listInvoices", "POST /api/v1/clients createClient", "POST /api/v1/invoices createInvoice"]) {
      expect(expected, named).toContain(named);
    }
    await expect(page.getByRole("heading", { name: /Workledger API/ }).isVisible()).resolves.toBe(true);

    // Offline: the page, its stylesheet and scripts and the API description, all from the app itself.
    expect(requested.filter((url) => new URL(url).origin !== origin && !url.startsWith("data:"))).toEqual([]);
    const paths = requested.map((url) => new URL(url).pathname);
    expect(paths).toEqual(expect.arrayContaining(["/api/docs", "/api/v1/openapi.json"]));
    expect(paths.filter((p) => /^\/api\/docs\/.+\.(js|css)$/.test(p))).toHaveLength(3);
    await screenshot(page, "api-docs");
    await page.context().close();
  });

  it("shows an operation's permission, parameters and request body when opened", async () => {
    const page = await newPage(browser);
    await openDocs(page);
    const block = page.locator(".opblock").filter({ has: page.locator(".opblock-summary-operation-id", { hasText: /^createInvoice$/ }) });
    await block.locator(".opblock-summary").click();
    await block.getByText("Idempotency-Key", { exact: true }).first().waitFor();
    await expect(block.locator(".opblock-description-wrapper").first().textContent()).resolves.toContain("invoice.create");
    await block.getByText("Request body").first().waitFor();
    await expect(block.locator(".opblock-section-request-body").first().textContent()).resolves.toContain("client_id");
    await page.context().close();
  });

  it("filters operations by tag, and deep links open the operation", async () => {
    const page = await newPage(browser);
    await openDocs(page);
    await page.getByPlaceholder("Filter by tag").fill("Tax");
    await expect
      .poll(
        async () =>
          (await listedOperations(page)).every((line) => line.includes("/api/v1/tax-rates")) && (await listedOperations(page)).length > 0,
      )
      .toBe(true);
    const taxRates = operations.filter((op) => op.path.startsWith("/api/v1/tax-rates")).length;
    expect(await listedOperations(page)).toHaveLength(taxRates);
    await page.context().close();

    // A link to an operation (#/<tag>/<operationId>) opens it.
    const linked = await newPage(browser);
    const recordPayment = operations.find((op) => op.operationId === "recordPayment")!;
    await linked.goto(`/api/docs#/${encodeURIComponent(recordPayment.tag)}/${recordPayment.operationId}`);
    const open = linked.locator(".opblock.is-open");
    await open.first().waitFor();
    await expect(open.locator(".opblock-summary-operation-id").allTextContents()).resolves.toEqual(["recordPayment"]);
    await linked.context().close();
  });

  it("'Try it out' calls the API as the signed-in user, from the page, under its policy", async () => {
    const page = await newPage(browser);
    const suffix = uniqueSuffix();
    const workspaceName = `Docs ${suffix}`;
    await signUpInBrowser(page, {
      name: "Docs Reader",
      email: `docs-${suffix}@example.test`,
      password: "correct horse battery staple",
      workspaceName,
    });
    await openDocs(page);
    const block = page.locator(".opblock").filter({ has: page.locator(".opblock-summary-operation-id", { hasText: /^getWorkspace$/ }) });
    await block.locator(".opblock-summary").click();
    await block.getByRole("button", { name: "Try it out" }).click();
    const answer = page.waitForResponse((res) => new URL(res.url()).pathname === "/api/v1/workspace" && res.request().method() === "GET");
    await block.getByRole("button", { name: "Execute" }).click();
    expect((await answer).status()).toBe(200);
    const body = block.locator(".live-responses-table td.response-col_description:not(.col_header)");
    await expect.poll(async () => (await body.textContent()) ?? "").toContain(workspaceName);
    await page.context().close();
  });
});
