import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page, Request as PwRequest } from "playwright-core";
import {
  createTaxRateInBrowser,
  inviteLinkFromOutbox,
  launchBrowser,
  newPage,
  signUpInBrowser,
  uniqueSuffix,
  type BrowserUser,
} from "../support/browser";

/*
 * Server actions over real HTTP against the real app (issue 8 part 3): a server action request the
 * app's own page sent is captured in Chromium, then replayed with Node's fetch: from another origin
 * (403, nothing runs; Next.js alone answered 500), from the app's origin (it runs: so the 403 was the
 * origin check, not a broken replay), and with a member's session against an admin-only action
 * (refused by the declared permission, nothing created).
 */
const run = uniqueSuffix();
const owner: BrowserUser = {
  name: "Ora Owner",
  email: `sa-owner-${run}@example.test`,
  password: "owner long passphrase",
  workspaceName: `Actions Agency ${run}`,
};
const member = { name: "Mo Member", email: `sa-member-${run}@example.test`, password: "member long passphrase" };

let browser: Browser;
let ownerPage: Page;
let memberPage: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ownerPage = await newPage(browser);
  await signUpInBrowser(ownerPage, owner);
});

afterAll(async () => {
  await browser?.close();
});

interface CapturedAction {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** The next server action request the page sends (a POST with the Next-Action header). */
function captureAction(page: Page): Promise<CapturedAction> {
  return page
    .waitForRequest((r: PwRequest) => r.method() === "POST" && r.headers()["next-action"] !== undefined)
    .then(async (r) => ({ path: new URL(r.url()).pathname, headers: await r.allHeaders(), body: r.postDataBuffer() ?? Buffer.alloc(0) }));
}

async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Sends the captured action again with another session and Origin (undefined: no Origin header). */
async function replay(action: CapturedAction, cookie: string, origin: string | undefined): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {
    cookie,
    "content-type": action.headers["content-type"]!,
    "next-action": action.headers["next-action"]!,
    accept: "text/x-component",
  };
  if (action.headers["next-router-state-tree"]) headers["next-router-state-tree"] = action.headers["next-router-state-tree"];
  if (origin !== undefined) headers.origin = origin;
  const res = await fetch(`${inject("appUrl")}${action.path}`, {
    method: "POST",
    headers,
    body: new Uint8Array(action.body),
    redirect: "manual",
  });
  return { status: res.status, text: await res.text() };
}

async function clientRowsNamed(page: Page, name: string): Promise<number> {
  await page.goto(`/clients?q=${encodeURIComponent(name)}`);
  return page.locator("table tbody tr").filter({ hasText: name }).count();
}

describe("server actions over HTTP", () => {
  it("a replay from another origin (or none) answers 403 and runs nothing; from the app's origin it runs", async () => {
    const name = `Replay Probe ${run}`;
    await ownerPage.goto("/clients/new");
    await ownerPage.getByLabel("Name", { exact: true }).fill(name);
    await ownerPage.getByLabel("Default currency", { exact: true }).fill("EUR");
    const captured = captureAction(ownerPage);
    await ownerPage.getByRole("button", { name: "Create client" }).click();
    const action = await captured;
    await ownerPage.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    expect(action.headers.origin).toBe(inject("appUrl"));
    expect(await clientRowsNamed(ownerPage, name)).toBe(1);

    const cookie = await cookieHeader(ownerPage);
    for (const origin of ["https://evil.example", "null", "http://localhost:1", undefined]) {
      const res = await replay(action, cookie, origin);
      expect(res.status, `Origin ${origin}`).toBe(403);
      expect(res.text).toMatch(/Cross-site request refused/);
    }
    expect(await clientRowsNamed(ownerPage, name)).toBe(1);

    const same = await replay(action, cookie, inject("appUrl"));
    expect(same.status).toBeLessThan(400);
    expect(await clientRowsNamed(ownerPage, name)).toBe(2);
  });

  it("a member's session replaying the owner's admin-only action is refused by its declared permission, and nothing is created", async () => {
    const rateName = `Owner Rate ${run}`;
    await ownerPage.goto("/tax-rates");
    const captured = captureAction(ownerPage);
    await createTaxRateInBrowser(ownerPage, { name: rateName, rate: "7" });
    const action = await captured;

    // The member joins through the invitation link (the outbox stands in for email).
    await ownerPage.goto("/team");
    await ownerPage.getByLabel("Email", { exact: true }).fill(member.email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("member");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await ownerPage
      .getByRole("status")
      .filter({ hasText: `Invitation sent to ${member.email}` })
      .waitFor();
    const link = await inviteLinkFromOutbox(ownerPage, member.email);
    memberPage = await newPage(browser);
    await memberPage.goto(link);
    await memberPage.getByLabel("Your name", { exact: true }).fill(member.name);
    await memberPage.getByLabel("Password", { exact: true }).fill(member.password);
    await memberPage.getByRole("button", { name: "Create account and join" }).click();
    await memberPage.waitForURL("**/dashboard");
    await expect(memberPage.getByTestId("current-user").textContent()).resolves.toBe(`${member.name} · member`);

    const refused = await replay(action, await cookieHeader(memberPage), inject("appUrl"));
    expect(refused.status).toBe(200);
    expect(refused.text).toContain("Your role (member) may not do this (tax_rate.create)");

    await ownerPage.goto("/tax-rates");
    await expect(ownerPage.locator(`table[data-testid="tax-rates"] tr[data-name="${rateName}"]`).count()).resolves.toBe(1);
  });
});
