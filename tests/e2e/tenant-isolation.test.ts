import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot, signUpInBrowser, uniqueSuffix, type BrowserUser } from "../support/browser";

/*
 * Two users in real Chromium against the real app (production build, its own embedded PostgreSQL).
 * The steps build on each other, so they run in order and share the pages below.
 */

const run = uniqueSuffix();
const userA: BrowserUser = {
  name: "Alice Able",
  email: `alice-${run}@example.test`,
  password: "correct horse battery staple",
  workspaceName: `Alice Studio ${run}`,
};
const userB: BrowserUser = {
  name: "Bob Baker",
  email: `bob-${run}@example.test`,
  password: "another long passphrase",
  workspaceName: `Bob Bakery ${run}`,
};
const secondWorkspaceA = `Alice Side Project ${run}`;
const client = {
  name: `Zephyr Logistics ${run}`,
  email: `billing-${run}@zephyr.example`,
  currency: "USD",
  address: "12 Harbour Road\nRotterdam",
};

let browser: Browser;
let pageA: Page;
let pageB: Page;
let clientIdA = "";

const rows = (page: Page) => page.locator("table tbody tr");
const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const pager = (page: Page) => page.locator(".pager > span");

async function openClients(page: Page): Promise<void> {
  const res = await page.goto("/clients");
  expect(res?.status()).toBe(200);
  await heading(page, "Clients").waitFor();
}

async function search(page: Page, term: string): Promise<void> {
  await page.getByLabel("Search clients").fill(term);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/clients" && url.searchParams.get("q") === term);
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("tenant isolation in the browser", () => {
  it("(a) A signs up, lands on their dashboard, creates a client and finds it by search", async () => {
    pageA = await newPage(browser);
    await signUpInBrowser(pageA, userA);
    expect(new URL(pageA.url()).pathname).toBe("/dashboard");
    expect(await pageA.getByTestId("workspace-name").textContent()).toBe(userA.workspaceName);
    expect(await pageA.getByTestId("active-clients").textContent()).toBe("0");
    await screenshot(pageA, "a1-dashboard-after-sign-up");

    await openClients(pageA);
    await expect(rows(pageA).count()).resolves.toBe(0);
    await pageA.getByRole("link", { name: "New client" }).click();
    await pageA.waitForURL("**/clients/new");
    await pageA.getByLabel("Name", { exact: true }).fill(client.name);
    await pageA.getByLabel("Email", { exact: true }).fill(client.email);
    await pageA.getByLabel("Default currency", { exact: true }).fill(client.currency);
    await pageA.getByLabel("Billing address", { exact: true }).fill(client.address);
    await screenshot(pageA, "a2-new-client-form");
    await pageA.getByRole("button", { name: "Create client" }).click();
    await pageA.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await heading(pageA, client.name).waitFor();
    clientIdA = new URL(pageA.url()).pathname.split("/").pop() ?? "";
    expect(clientIdA).toMatch(/^[0-9a-f-]{36}$/);
    const details = pageA.locator("dl.details");
    await expect(details.textContent()).resolves.toContain(client.email);
    await expect(details.textContent()).resolves.toContain("USD");
    await expect(details.textContent()).resolves.toContain("12 Harbour Road");
    await screenshot(pageA, "a3-client-detail");

    await openClients(pageA);
    await expect(rows(pageA).count()).resolves.toBe(1);
    const cells = (await rows(pageA).first().locator("td").allTextContents()).map((t) => t.trim());
    // Name, email, currency, tax id, and the date it was added (the server's day).
    expect(cells.slice(0, 4)).toEqual([client.name, client.email, "USD", ""]);
    expect(cells[4]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cells).toHaveLength(5);
    await expect(pager(pageA).textContent()).resolves.toBe("1 client");
    await screenshot(pageA, "a4-clients-list");

    await search(pageA, "zephyr");
    await expect(rows(pageA).count()).resolves.toBe(1);
    await expect(rows(pageA).first().getByRole("link").textContent()).resolves.toBe(client.name);
    await screenshot(pageA, "a5-search-match");

    await search(pageA, `nomatch-${run}`);
    await expect(rows(pageA).count()).resolves.toBe(0);
    await expect(pageA.locator(".empty").textContent()).resolves.toBe("No clients match this search.");
    await expect(pager(pageA).textContent()).resolves.toBe("0 clients");
    await screenshot(pageA, "a6-search-no-match");
  });

  it("(b) B, in a fresh browser context, sees none of A's clients and gets 404 for A's client URL", async () => {
    expect(clientIdA).not.toBe("");
    pageB = await newPage(browser);
    await signUpInBrowser(pageB, userB);
    expect(await pageB.getByTestId("workspace-name").textContent()).toBe(userB.workspaceName);
    expect(await pageB.getByTestId("active-clients").textContent()).toBe("0");
    await screenshot(pageB, "b1-dashboard-user-b");

    await openClients(pageB);
    await expect(rows(pageB).count()).resolves.toBe(0);
    await expect(pageB.locator(".empty").textContent()).resolves.toBe("No clients here yet.");
    await expect(pager(pageB).textContent()).resolves.toBe("0 clients");
    await expect(pageB.getByText(client.name).count()).resolves.toBe(0);
    await screenshot(pageB, "b2-clients-list-user-b");

    // B searching for A's client by name finds nothing either.
    await search(pageB, "zephyr");
    await expect(rows(pageB).count()).resolves.toBe(0);

    const detail = await pageB.goto(`/clients/${clientIdA}`);
    expect(detail?.status()).toBe(404);
    await heading(pageB, "Not found").waitFor();
    await expect(pageB.getByText(client.name).count()).resolves.toBe(0);
    await screenshot(pageB, "b3-foreign-client-not-found");

    const edit = await pageB.goto(`/clients/${clientIdA}/edit`);
    expect(edit?.status()).toBe(404);
    await heading(pageB, "Not found").waitFor();

    // Still exactly one client for A: B's visits changed nothing.
    await openClients(pageA);
    await expect(rows(pageA).count()).resolves.toBe(1);
  });

  it("(c) A's new-client form shows field errors for an empty name and an unknown currency, and creates nothing", async () => {
    await pageA.goto("/clients/new");
    await pageA.getByLabel("Name", { exact: true }).fill("");
    await pageA.getByLabel("Default currency", { exact: true }).fill("XYZ");
    await pageA.getByRole("button", { name: "Create client" }).click();

    const fieldError = (input: string) =>
      pageA.locator(".field", { has: pageA.locator(`#field-${input}`) }).locator("p.field-error[role=alert]");
    await fieldError("name").waitFor();
    await fieldError("currency").waitFor();
    await expect(fieldError("name").textContent()).resolves.not.toBe("");
    await expect(fieldError("currency").textContent()).resolves.toBe("Unknown currency code");
    await expect(pageA.locator("#field-name").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(pageA.locator("#field-currency").getAttribute("aria-invalid")).resolves.toBe("true");
    // Only those two fields are flagged, and the form keeps what was typed.
    await expect(pageA.locator("p.field-error").count()).resolves.toBe(2);
    await expect(pageA.locator("#field-currency").inputValue()).resolves.toBe("XYZ");
    expect(new URL(pageA.url()).pathname).toBe("/clients/new");
    await screenshot(pageA, "c1-validation-errors");

    await openClients(pageA);
    await expect(rows(pageA).count()).resolves.toBe(1);
    await expect(pager(pageA).textContent()).resolves.toBe("1 client");
  });

  it("(d) A creates a second workspace, which starts empty, and switches back to see the client again", async () => {
    await pageA.getByRole("link", { name: "+ New workspace" }).click();
    await pageA.waitForURL("**/workspaces/new");
    await pageA.getByLabel("Workspace name", { exact: true }).fill(secondWorkspaceA);
    await pageA.getByRole("button", { name: "Create workspace" }).click();
    await pageA.waitForURL("**/dashboard");
    await heading(pageA, secondWorkspaceA).waitFor();
    expect(await pageA.getByTestId("workspace-name").textContent()).toBe(secondWorkspaceA);
    expect(await pageA.getByTestId("active-clients").textContent()).toBe("0");
    const switcher = pageA.locator("#workspace-switcher");
    await expect(switcher.locator("option").allTextContents()).resolves.toEqual(
      expect.arrayContaining([userA.workspaceName, secondWorkspaceA]),
    );
    await expect(switcher.locator("option").count()).resolves.toBe(2);
    await expect(switcher.locator("option:checked").textContent()).resolves.toBe(secondWorkspaceA);
    await screenshot(pageA, "d1-second-workspace-dashboard");

    await openClients(pageA);
    await expect(rows(pageA).count()).resolves.toBe(0);
    await expect(pageA.locator(".empty").textContent()).resolves.toBe("No clients here yet.");
    await screenshot(pageA, "d2-second-workspace-clients");

    // The same user, in the other workspace: the client of the first one is not shown here; the page offers
    // to switch to the workspace it is in (the user is a member of both), and shows none of its data.
    await pageA.goto(`/clients/${clientIdA}`);
    const offer = pageA.getByTestId("in-other-workspace");
    await offer.getByRole("button", { name: `Switch to ${userA.workspaceName}` }).waitFor();
    expect(await pageA.locator("main").innerText()).not.toContain(client.email);

    await openClients(pageA);
    await pageA.locator("#workspace-switcher").selectOption({ label: userA.workspaceName });
    await pageA.waitForURL("**/dashboard");
    await heading(pageA, userA.workspaceName).waitFor();
    expect(await pageA.getByTestId("active-clients").textContent()).toBe("1");
    await screenshot(pageA, "d3-switched-back-dashboard");

    await openClients(pageA);
    await expect(rows(pageA).count()).resolves.toBe(1);
    await expect(rows(pageA).first().getByRole("link").textContent()).resolves.toBe(client.name);
    const detail = await pageA.goto(`/clients/${clientIdA}`);
    expect(detail?.status()).toBe(200);
    await heading(pageA, client.name).waitFor();
  });

  it("(e) A signs out to the sign-in page and signs in again to the dashboard", async () => {
    await pageA.goto("/dashboard");
    await pageA.getByRole("button", { name: "Sign out" }).click();
    await pageA.waitForURL("**/sign-in");
    await heading(pageA, "Sign in to Workledger").waitFor();
    await screenshot(pageA, "e1-signed-out");

    // The session is really gone: the app sends an anonymous visitor back to sign in.
    await pageA.goto("/clients");
    expect(new URL(pageA.url()).pathname).toBe("/sign-in");

    await pageA.getByLabel("Email", { exact: true }).fill(userA.email);
    await pageA.getByLabel("Password", { exact: true }).fill(userA.password);
    await pageA.getByRole("button", { name: "Sign in" }).click();
    await pageA.waitForURL("**/dashboard");
    // A new session starts in the user's first workspace.
    await heading(pageA, userA.workspaceName).waitFor();
    expect(await pageA.getByTestId("active-clients").textContent()).toBe("1");
    await screenshot(pageA, "e2-signed-in-again");
  });
});
