import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Dialog, Page } from "playwright-core";
import {
  createClientInBrowser,
  launchBrowser,
  newPage,
  screenshot,
  signUpInBrowser,
  uniqueSuffix,
  type BrowserUser,
} from "../support/browser";

/*
 * The behaviour half of the UI issue, the way a person meets it in Chromium against the real app: the
 * landing page, clients as a hub, toasts, the unsaved-changes warning, the ⌘K palette (keyboard only),
 * search without accents, and a link into another of your workspaces. The steps build on each other.
 */

const run = uniqueSuffix();
const owner: BrowserUser = {
  name: "Flo Flow",
  email: `ui-flow-${run}@example.test`,
  password: "ui flow long passphrase",
  workspaceName: `Flow Alpha ${run}`,
};
const secondWorkspace = `Flow Beta ${run}`;
const clientName = `Ångström ${run}`;

let browser: Browser;
let page: Page;
let clientId = "";
let invoiceId = "";

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
});

afterAll(async () => {
  await browser?.close();
});

/** Runs `action`, which must raise a window.confirm(); answers it and returns its message. */
async function answerConfirm(p: Page, accept: boolean, action: () => Promise<void>): Promise<string> {
  const dialog = new Promise<Dialog>((resolve) => p.once("dialog", resolve));
  const acted = action();
  const d = await dialog;
  const message = d.message();
  await (accept ? d.accept() : d.dismiss());
  await acted;
  return message;
}

describe("the behaviour half of the UI issue", () => {
  it("the landing page says what Workledger is, with sign-up and sign-in; sign-in offers 'Forgot password?'", async () => {
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/");
    await page.getByRole("heading", { level: 1, name: "Invoicing for freelancers and agencies" }).waitFor();
    await page.getByRole("link", { name: /Sign up/ }).waitFor();
    await screenshot(page, "ui-flow-landing");
    await page.getByRole("link", { name: "Sign in", exact: true }).first().click();
    await page.waitForURL("**/sign-in");
    expect(await page.getByRole("link", { name: "Forgot password?" }).getAttribute("href")).toBe("/forgot-password");
  });

  it("signed in, / goes to the dashboard", async () => {
    await signUpInBrowser(page, owner);
    await page.goto("/");
    await page.waitForURL("**/dashboard");
  });

  it("a saved client says so in a toast, and its page offers a New invoice with the client chosen", async () => {
    clientId = await createClientInBrowser(page, { name: clientName, currency: "EUR" });
    await page
      .getByTestId("toast-success")
      .filter({ hasText: `Client ${clientName} created.` })
      .waitFor();
    await page.getByRole("heading", { level: 2, name: "What they owe" }).waitFor();
    await page.getByText("Nothing owed: no open invoices.").waitFor();
    await page.getByRole("link", { name: "New invoice" }).click();
    await page.waitForURL(`**/invoices/new?clientId=${clientId}`);
    await expect(page.locator("#field-clientId").inputValue()).resolves.toBe(clientId);
  });

  it("the editor asks before leaving with unsaved changes; Cancel stays, and a saved draft says so", async () => {
    await page.getByLabel("Description, line 1", { exact: true }).fill("Spectrometer calibration");
    await page.getByLabel("Unit price, line 1", { exact: true }).fill("120.00");
    const message = await answerConfirm(page, false, () =>
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients", exact: true }).click(),
    );
    expect(message).toMatch(/unsaved changes/);
    expect(new URL(page.url()).pathname).toBe("/invoices/new");
    await expect(page.getByLabel("Description, line 1", { exact: true }).inputValue()).resolves.toBe("Spectrometer calibration");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    invoiceId = new URL(page.url()).pathname.split("/").pop() ?? "";
    await page.getByTestId("toast-success").filter({ hasText: "Draft saved." }).waitFor();
    // Saved: leaving asks nothing (a dialog would be dismissed and keep us here).
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients", exact: true }).click();
    await page.waitForURL("**/clients");
  });

  it("the client's page lists the invoice; the clients list finds the client without its accents", async () => {
    await page.goto(`/clients/${clientId}`);
    await page.getByRole("link", { name: "Draft" }).waitFor();
    await page.goto(`/clients?q=${encodeURIComponent("angstrom")}`);
    await page.getByRole("link", { name: clientName }).waitFor();
    await page.goto(`/invoices?q=${encodeURIComponent("SPECTROMETER")}`);
    await page.getByRole("cell", { name: clientName, exact: true }).waitFor();
    await page.goto(`/invoices?q=${encodeURIComponent("%_%")}`);
    await page.getByText("No invoices match these filters.").waitFor();
  });

  it("Ctrl+K opens the palette; typing, arrows and Enter open a client, an invoice or a page — keyboard only", async () => {
    await page.goto("/dashboard");
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Search and go" });
    await palette.waitFor();
    await page.keyboard.type("angstrom");
    await palette.getByRole("option", { name: new RegExp(`^${clientName}`) }).waitFor();
    await palette.getByRole("option", { name: /^Draft · / }).waitFor();
    await screenshot(page, "ui-flow-palette");
    // The first match is selected: Enter opens the client.
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/clients/${clientId}`);
    await expect(palette.isVisible()).resolves.toBe(false);

    await page.keyboard.press("Control+k");
    await palette.waitFor();
    await page.keyboard.type("calibration");
    await palette.getByRole("option", { name: /^Draft · / }).waitFor();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/invoices/${invoiceId}`);

    await page.keyboard.press("Control+k");
    await page.keyboard.type("tax rat");
    await palette.getByRole("option", { name: "Tax rates" }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/tax-rates");

    await page.keyboard.press("Control+k");
    await palette.waitFor();
    await page.keyboard.press("Escape");
    await expect(palette.isVisible()).resolves.toBe(false);
  });

  it("a link to an invoice of your other workspace offers to switch, and switching opens it", async () => {
    await page.goto("/workspaces/new");
    await page.getByLabel("Workspace name", { exact: true }).fill(secondWorkspace);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL("**/dashboard");
    await page.getByTestId("workspace-name").filter({ hasText: secondWorkspace }).waitFor();
    // The palette searches the active workspace only.
    await page.keyboard.press("Control+k");
    await page.keyboard.type("angstrom");
    await page
      .getByRole("dialog", { name: "Search and go" })
      .getByText(/Nothing found/)
      .waitFor();
    await page.keyboard.press("Escape");

    await page.goto(`/invoices/${invoiceId}`);
    const offer = page.getByTestId("in-other-workspace");
    await offer.getByRole("heading", { name: `This invoice is in ${owner.workspaceName}` }).waitFor();
    await screenshot(page, "ui-flow-other-workspace");
    await offer.getByRole("button", { name: `Switch to ${owner.workspaceName}` }).click();
    await page.waitForURL(`**/invoices/${invoiceId}`);
    await page.getByTestId("invoice-number").filter({ hasText: "Draft invoice" }).waitFor();
    await page.goto("/dashboard");
    await page.getByTestId("workspace-name").filter({ hasText: owner.workspaceName }).waitFor();
  });

  it("someone who is not a member gets the same Not found as for an id that exists nowhere", async () => {
    const stranger = await newPage(browser);
    await signUpInBrowser(stranger, {
      name: "Stella Stranger",
      email: `ui-flow-stranger-${run}@example.test`,
      password: "stranger long passphrase",
      workspaceName: `Stranger ${run}`,
    });
    const bodyOf = async (path: string) => {
      const answer = await stranger.goto(path);
      await stranger.getByRole("heading", { level: 1, name: "Not found" }).waitFor();
      return { status: answer?.status(), text: (await stranger.locator("main, body").first().innerText()).replaceAll(path, "<path>") };
    };
    for (const [kind, id] of [
      ["invoices", invoiceId],
      ["clients", clientId],
    ] as const) {
      const real = await bodyOf(`/${kind}/${id}`);
      const nowhere = await bodyOf(`/${kind}/${randomUUID()}`);
      expect(real.status).toBe(404);
      expect(real).toEqual(nowhere);
      expect(real.text).toContain("Not found");
      expect(real.text).not.toContain(owner.workspaceName);
    }
    await stranger.context().close();
  });
});
