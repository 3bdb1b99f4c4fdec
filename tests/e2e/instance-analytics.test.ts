import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot, signUpInBrowser, uniqueSuffix } from "../support/browser";
import { linkFromAccountOutbox } from "../support/outbox-cli";

/*
 * /instance: the instance analytics, for INSTANCE_ADMIN_EMAILS only (tests/setup/app-server.ts sets
 * instance-admin@example.test), and only once that address is verified. Everyone else — signed out,
 * another user, the admin address before it is proven — gets the same answer as a page that does not exist.
 */
let browser: Browser;
const pages: Page[] = [];
const run = uniqueSuffix();

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function freshPage(): Promise<Page> {
  const page = await newPage(browser);
  pages.push(page);
  return page;
}

const notFoundHeading = (page: Page) => page.getByRole("heading", { level: 1 }).filter({ hasText: /not found/i });

describe("instance analytics page", () => {
  it("is a 404 for another user and for the admin address until it is verified; then it shows the figures and logs the visit", async () => {
    const other = await freshPage();
    await signUpInBrowser(other, {
      name: "Not Admin",
      email: `not-admin-${run}@example.test`,
      password: "not admin passphrase",
      workspaceName: `NA ${run}`,
    });
    const otherVisit = await other.goto("/instance");
    expect(otherVisit?.status()).toBe(404);
    await notFoundHeading(other).waitFor();

    const admin = await freshPage();
    await signUpInBrowser(admin, {
      name: "Ina Stance",
      email: "instance-admin@example.test",
      password: "instance admin passphrase",
      workspaceName: `IA ${run}`,
    });
    expect((await admin.goto("/instance"))?.status()).toBe(404);

    await admin.goto(await linkFromAccountOutbox("instance-admin@example.test", "verify_email"));
    const visit = await admin.goto("/instance");
    expect(visit?.status()).toBe(200);
    await admin.getByRole("heading", { level: 1, name: "Instance analytics" }).waitFor();
    // Each series has its section; where no day reached five workspaces or people it says so instead of a chart.
    for (const title of [
      "Sign-ups per day",
      "Workspaces created per day",
      "Active workspaces per day (created an invoice)",
      "Invoices sent",
    ]) {
      const section = admin.getByRole("region", { name: title });
      await section.waitFor();
      const text = await section.innerText();
      if (!text.includes("No figures to show")) await section.locator("svg, table").first().waitFor();
    }
    await admin.getByRole("region", { name: "Instance audit log" }).getByText("Ina Stance <instance-admin@example.test>").first().waitFor();

    // A reversed range is a message next to the field, not an error page.
    await admin.goto("/instance?from=2026-06-02&to=2026-06-01");
    await admin.getByText("The start is after the end").waitFor();
    await screenshot(admin, "instance-analytics");

    // Signed out: to the sign-in page, never the figures.
    const anonymous = await freshPage();
    await anonymous.goto("/instance");
    expect(new URL(anonymous.url()).pathname).toBe("/sign-in");
  });
});
