import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { launchBrowser, newPage, screenshot, signUpInBrowser, uniqueSuffix, type BrowserUser } from "../support/browser";
import { linkFromAccountOutbox } from "../support/outbox-cli";

/*
 * Accounts in real Chromium against the real app, without SMTP: account mail (verification, reset)
 * is read the way an operator would, with `npm run outbox`; invitation links from the Team page.
 */

const run = uniqueSuffix();
let browser: Browser;
const pages: Page[] = [];

async function freshPage(): Promise<Page> {
  const page = await newPage(browser);
  pages.push(page);
  return page;
}

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const fieldError = (page: Page, id: string) =>
  page.locator(".field", { has: page.locator(`#field-${id}`) }).locator("p.field-error[role=alert]");

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.waitForURL("**/sign-in");
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

function totpNow(secretBase32: string): Promise<string> {
  return createOTP(base32.decode(secretBase32)).totp();
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("accounts in the browser", () => {
  it("forgot password → the emailed link → a weak password is refused next to the field → a new one → sign in", async () => {
    const user: BrowserUser = {
      name: "Frieda Forgetful",
      email: `frieda-${run}@example.test`,
      password: "frieda first passphrase",
      workspaceName: `Frieda ${run}`,
    };
    const page = await freshPage();
    await signUpInBrowser(page, user);
    await signOut(page);

    await page.getByRole("link", { name: "Forgot password?" }).click();
    await heading(page, "Forgot your password?").waitFor();
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    const answer = page.getByRole("status").filter({ hasText: "If an account exists for that address" });
    await answer.waitFor();
    await screenshot(page, "accounts-a1-reset-requested");
    // The same answer for an address without an account.
    await page.goto("/forgot-password");
    await page.getByLabel("Email", { exact: true }).fill(`nobody-${run}@example.test`);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toBe(await answer.textContent());

    const link = await linkFromAccountOutbox(user.email, "reset_password");
    await page.goto(link);
    await page.waitForURL((url) => url.pathname === "/reset-password" && url.searchParams.has("token"));
    await page.getByLabel("New password", { exact: true }).fill("password1");
    await page.getByLabel("Repeat the new password", { exact: true }).fill("password1");
    await page.getByRole("button", { name: "Set new password" }).click();
    await fieldError(page, "password").waitFor();
    await expect(fieldError(page, "password").textContent()).resolves.toMatch(/too easy to guess/);
    await screenshot(page, "accounts-a2-weak-password");

    const newPassword = "frieda second passphrase";
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Repeat the new password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in" && url.searchParams.get("reset") === "1");
    await page.getByText("Your password was changed").waitFor();

    // The link works once.
    await page.goto(link);
    await page.waitForURL((url) => url.pathname === "/reset-password" && url.searchParams.has("error"));
    await page.getByText("This link is not valid any more").waitFor();

    await signIn(page, user.email, user.password);
    await page.getByText("Wrong email or password").waitFor();
    await signIn(page, user.email, newPassword);
    await page.waitForURL("**/dashboard");
    await heading(page, user.workspaceName).waitFor();
    await screenshot(page, "accounts-a3-signed-in-after-reset");
  });

  it("sign up → verify through the emailed link → accept an invitation", async () => {
    const owner: BrowserUser = {
      name: "Otto Owner",
      email: `otto-${run}@example.test`,
      password: "otto long passphrase",
      workspaceName: `Otto Studio ${run}`,
    };
    const carol: BrowserUser = {
      name: "Carol Newcomer",
      email: `carol-${run}@example.test`,
      password: "carol long passphrase",
      workspaceName: `Carol Own ${run}`,
    };
    const ownerPage = await freshPage();
    const carolPage = await freshPage();
    await signUpInBrowser(ownerPage, owner);
    await signUpInBrowser(carolPage, carol);
    await carolPage.getByTestId("verify-email-notice").waitFor();
    await screenshot(carolPage, "accounts-b1-unverified-notice");

    await ownerPage.goto("/team");
    await ownerPage.getByLabel("Email", { exact: true }).fill(carol.email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("member");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    const notice = ownerPage.getByRole("status").filter({ hasText: `Invitation sent to ${carol.email}` });
    await notice.waitFor();
    const inviteLink = await notice.getByRole("textbox").inputValue();

    await carolPage.goto(inviteLink);
    const gate = carolPage.getByTestId("verify-before-accepting");
    await gate.waitFor();
    await expect(carolPage.getByRole("button", { name: "Accept invitation" }).count()).resolves.toBe(0);
    await gate.getByRole("button", { name: "Resend verification email" }).click();
    await gate.getByRole("status").filter({ hasText: "A new link is on its way" }).waitFor();
    await screenshot(carolPage, "accounts-b2-verify-first");

    const verifyLink = await linkFromAccountOutbox(carol.email, "verify_email");
    await carolPage.goto(verifyLink);
    // The link came from the invitation page and leads back to it.
    await carolPage.waitForURL((url) => url.pathname === new URL(inviteLink).pathname);
    await carolPage.getByRole("button", { name: "Accept invitation" }).click();
    await carolPage.waitForURL("**/dashboard");
    await heading(carolPage, owner.workspaceName).waitFor();
    await expect(carolPage.getByTestId("current-user").textContent()).resolves.toBe(`${carol.name} · member`);
    await expect(carolPage.getByTestId("verify-email-notice").count()).resolves.toBe(0);
    await screenshot(carolPage, "accounts-b3-joined");
  });

  it("regression: an admin's Team page shows neither the owner invitation nor its email", async () => {
    const owner: BrowserUser = {
      name: "Oona Owner",
      email: `oona-${run}@example.test`,
      password: "oona long passphrase",
      workspaceName: `Oona Ltd ${run}`,
    };
    const admin = { name: "Adam Admin", email: `adam-${run}@example.test`, password: "adam long passphrase" };
    const cfo = `cfo-${run}@example.test`;
    const ownerPage = await freshPage();
    await signUpInBrowser(ownerPage, owner);
    const invite = async (email: string, role: string) => {
      await ownerPage.goto("/team");
      await ownerPage.getByLabel("Email", { exact: true }).fill(email);
      await ownerPage.getByLabel("Role", { exact: true }).selectOption(role);
      await ownerPage.getByRole("button", { name: "Send invitation" }).click();
      const sent = ownerPage.getByRole("status").filter({ hasText: `Invitation sent to ${email}` });
      await sent.waitFor();
      return sent.getByRole("textbox").inputValue();
    };
    const adminLink = await invite(admin.email, "admin");
    const adminPage = await freshPage();
    await adminPage.goto(adminLink);
    await adminPage.getByLabel("Your name", { exact: true }).fill(admin.name);
    await adminPage.getByLabel("Password", { exact: true }).fill(admin.password);
    await adminPage.getByRole("button", { name: "Create account and join" }).click();
    await adminPage.waitForURL("**/dashboard");
    const ownerLink = await invite(cfo, "owner");

    await adminPage.goto("/team");
    await heading(adminPage, "Team").waitFor();
    await expect(adminPage.locator(`table[data-testid="invitations"] tr[data-email="${cfo}"]`).count()).resolves.toBe(0);
    await expect(adminPage.locator(`[data-testid="outbox"] li[data-to="${cfo}"]`).count()).resolves.toBe(0);
    await expect(adminPage.content()).resolves.not.toContain(new URL(ownerLink).pathname);
    // The admin may not hand out owner either.
    await expect(adminPage.locator("#field-role option").allTextContents()).resolves.toEqual(["admin", "member"]);
    await screenshot(adminPage, "accounts-d1-admin-team");
    // The owner sees both.
    await ownerPage.goto("/team");
    await ownerPage.locator(`table[data-testid="invitations"] tr[data-email="${cfo}"]`).waitFor();
    await expect(ownerPage.locator(`[data-testid="outbox"] li[data-to="${cfo}"] pre`).textContent()).resolves.toContain(ownerLink);
  });

  it("enrol TOTP, sign in with a code, and a workspace that requires two-factor sends a member without it to set it up", async () => {
    const user: BrowserUser = {
      name: "Tess Totp",
      email: `tess-${run}@example.test`,
      password: "tess long passphrase",
      workspaceName: `Tess Secure ${run}`,
    };
    const page = await freshPage();
    await signUpInBrowser(page, user);
    await page.getByRole("link", { name: "Account" }).click();
    await heading(page, "Your account").waitFor();
    await page.getByRole("link", { name: "Set up" }).click();
    await heading(page, "Two-factor authentication").waitFor();
    await page.getByLabel("Your password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
    const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await expect(page.getByTestId("totp-qr").locator("svg").count()).resolves.toBe(1);
    await expect(page.getByTestId("backup-codes").locator("li").count()).resolves.toBe(10);
    await screenshot(page, "accounts-c1-enrol");
    await page.getByLabel("Authentication code", { exact: true }).fill("000000");
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await fieldError(page, "code").waitFor();
    await page.getByLabel("Authentication code", { exact: true }).fill(await totpNow(secret));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByTestId("two-factor-on").waitFor();

    await signOut(page);
    await signIn(page, user.email, user.password);
    await page.waitForURL("**/sign-in/two-factor");
    await page.getByLabel("Authentication code", { exact: true }).fill("999999");
    await page.getByRole("button", { name: "Verify" }).click();
    await fieldError(page, "code").first().waitFor();
    await page.getByLabel("Authentication code", { exact: true }).fill(await totpNow(secret));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/dashboard");
    await heading(page, user.workspaceName).waitFor();
    await screenshot(page, "accounts-c2-signed-in-with-code");

    // A member without two-factor, then the owner requires it.
    await page.goto("/team");
    const member = { name: "Milo Member", email: `milo-${run}@example.test`, password: "milo long passphrase" };
    await page.getByLabel("Email", { exact: true }).fill(member.email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    const sent = page.getByRole("status").filter({ hasText: `Invitation sent to ${member.email}` });
    await sent.waitFor();
    const inviteLink = await sent.getByRole("textbox").inputValue();
    const memberPage = await freshPage();
    await memberPage.goto(inviteLink);
    await memberPage.getByLabel("Your name", { exact: true }).fill(member.name);
    await memberPage.getByLabel("Password", { exact: true }).fill(member.password);
    await memberPage.getByRole("button", { name: "Create account and join" }).click();
    await memberPage.waitForURL("**/dashboard");
    await heading(memberPage, user.workspaceName).waitFor();

    await page.goto("/settings");
    await page.getByRole("button", { name: "Require two-factor authentication for members" }).click();
    await page.getByTestId("two-factor-requirement").filter({ hasText: "Members must use two-factor authentication" }).waitFor();
    await screenshot(page, "accounts-c3-required");

    await memberPage.goto("/clients");
    await memberPage.waitForURL((url) => url.pathname === "/account/two-factor" && url.searchParams.get("required") === "1");
    await memberPage.getByTestId("two-factor-required").waitFor();
    await screenshot(memberPage, "accounts-c4-member-sent-to-enrol");
    // The owner, with two-factor, still gets in.
    await page.goto("/clients");
    await heading(page, "Clients").waitFor();
  });
});
