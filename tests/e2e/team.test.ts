import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  acceptNextDialog,
  createClientInBrowser,
  inviteLinkFromOutbox,
  launchBrowser,
  newPage,
  screenshot,
  signUpInBrowser,
  uniqueSuffix,
  type BrowserUser,
} from "../support/browser";
import { linkFromAccountOutbox } from "../support/outbox-cli";

/*
 * Teams in real Chromium against the real app (no SMTP configured, so invitation emails land in the
 * workspace's outbox, which /team shows to inviters). The steps build on each other and run in order.
 */

const run = uniqueSuffix();
const owner: BrowserUser = {
  name: "Olivia Owner",
  email: `owner-${run}@example.test`,
  password: "owner long passphrase",
  workspaceName: `Olivia Agency ${run}`,
};
const invitee = { name: "Mark Member", email: `member-${run}@example.test`, password: "member long passphrase" };
const carol: BrowserUser = {
  name: "Carol Existing",
  email: `carol-${run}@example.test`,
  password: "carol long passphrase",
  workspaceName: `Carol Consulting ${run}`,
};
const clientName = `Northwind Traders ${run}`;

let browser: Browser;
let ownerPage: Page;
let memberPage: Page;
let inviteLink = "";

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const memberRows = (page: Page) => page.locator('table[data-testid="members"] tbody tr');
const memberRow = (page: Page, email: string) => page.locator(`table[data-testid="members"] tbody tr[data-email="${email}"]`);
const invitationRow = (page: Page, email: string) => page.locator(`table[data-testid="invitations"] tbody tr[data-email="${email}"]`);
const INVITE_PATH = /^\/invite\/[A-Za-z0-9_-]{43}$/;

async function openTeam(page: Page): Promise<void> {
  const res = await page.goto("/team");
  expect(res?.status()).toBe(200);
  await heading(page, "Team").waitFor();
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("team: invitations, roles and removal in the browser", () => {
  it("(a) the owner signs up, creates a client and invites a new email as member from /team", async () => {
    ownerPage = await newPage(browser);
    await signUpInBrowser(ownerPage, owner);
    await createClientInBrowser(ownerPage, { name: clientName, currency: "EUR" });

    await openTeam(ownerPage);
    const nav = ownerPage.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link").allTextContents()).resolves.toEqual([
      "Dashboard",
      "Invoices",
      "Clients",
      "Tax rates",
      "Invoice settings",
      "Team",
      "Settings",
      "API keys",
      "Audit log",
      "Activity",
    ]);
    await expect(memberRows(ownerPage).count()).resolves.toBe(1);
    await expect(memberRow(ownerPage, owner.email).getByTestId("member-role").textContent()).resolves.toBe("owner");
    await expect(ownerPage.getByRole("heading", { name: "Outbox (email is not configured)" }).count()).resolves.toBe(1);
    // An owner may hand out every role.
    await expect(ownerPage.locator("#field-role option").allTextContents()).resolves.toEqual(["owner", "admin", "member"]);

    await ownerPage.getByLabel("Email", { exact: true }).fill(invitee.email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("member");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    const notice = ownerPage.getByRole("status").filter({ hasText: `Invitation sent to ${invitee.email}` });
    await notice.waitFor();
    const shownLink = await notice.getByRole("textbox", { name: `Invitation link for ${invitee.email}` }).inputValue();
    expect(new URL(shownLink).pathname).toMatch(INVITE_PATH);
    await expect(invitationRow(ownerPage, invitee.email).locator("td").first().textContent()).resolves.toBe(invitee.email);
    await expect(invitationRow(ownerPage, invitee.email).locator(".badge").allTextContents()).resolves.toEqual(["member", "pending"]);
    await screenshot(ownerPage, "team-a1-invitation-sent");

    // What a user without email would do: read the link from the outbox.
    inviteLink = await inviteLinkFromOutbox(ownerPage, invitee.email);
    expect(inviteLink).toBe(shownLink);
    await screenshot(ownerPage, "team-a2-outbox");
  });

  it("(b) the invitee opens the link in a second browser context, signs up there and sees the owner's client", async () => {
    expect(inviteLink).not.toBe("");
    memberPage = await newPage(browser);
    const res = await memberPage.goto(inviteLink);
    expect(res?.status()).toBe(200);
    await heading(memberPage, `Join ${owner.workspaceName}`).waitFor();
    await expect(memberPage.getByTestId("invite-workspace").textContent()).resolves.toBe(owner.workspaceName);
    await expect(memberPage.locator("dl.details").textContent()).resolves.toContain(owner.name);
    const email = memberPage.getByLabel("Email", { exact: true });
    await expect(email.inputValue()).resolves.toBe(invitee.email);
    await expect(email.getAttribute("readonly")).resolves.not.toBeNull();
    // No workspace of one's own when joining by invitation.
    await expect(memberPage.getByLabel("Workspace name").count()).resolves.toBe(0);
    await screenshot(memberPage, "team-b1-invite-page");

    await memberPage.getByLabel("Your name", { exact: true }).fill(invitee.name);
    await memberPage.getByLabel("Password", { exact: true }).fill(invitee.password);
    await memberPage.getByRole("button", { name: "Create account and join" }).click();
    await memberPage.waitForURL("**/dashboard");
    await heading(memberPage, owner.workspaceName).waitFor();
    await expect(memberPage.getByTestId("current-user").textContent()).resolves.toBe(`${invitee.name} · member`);
    await expect(memberPage.getByTestId("active-clients").textContent()).resolves.toBe("1");
    // Members see no audit log link.
    await expect(memberPage.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).resolves.toEqual([
      "Dashboard",
      "Invoices",
      "Clients",
      "Tax rates",
      "Invoice settings",
      "Team",
      "Settings",
    ]);
    await screenshot(memberPage, "team-b2-member-dashboard");

    const clients = await memberPage.goto("/clients");
    expect(clients?.status()).toBe(200);
    const rows = memberPage.locator("table tbody tr");
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().getByRole("link").textContent()).resolves.toBe(clientName);
    await expect(memberPage.locator(".pager > span").textContent()).resolves.toBe("1 client");
    await screenshot(memberPage, "team-b3-member-sees-owner-client");

    // Members may not read the audit log: the page does not exist for them.
    const audit = await memberPage.goto("/audit");
    expect(audit?.status()).toBe(404);

    // The used link is dead: the custom server answers 410 before Next.js.
    const used = await memberPage.goto(inviteLink);
    expect(used?.status()).toBe(410);
    await memberPage.getByText("This invitation has already been used.").waitFor();
    await screenshot(memberPage, "team-b4-used-link-410");

    await openTeam(ownerPage);
    await expect(memberRows(ownerPage).count()).resolves.toBe(2);
    await expect(memberRow(ownerPage, invitee.email).getByTestId("member-role").textContent()).resolves.toBe("member");
    await expect(invitationRow(ownerPage, invitee.email).count()).resolves.toBe(0);
  });

  it("(c) the owner makes the member an admin; the member's next page load shows admin", async () => {
    await openTeam(ownerPage);
    const row = memberRow(ownerPage, invitee.email);
    await row.getByLabel(`Role for ${invitee.name}`).selectOption("admin");
    await row.getByRole("button", { name: "Change role" }).click();
    await row
      .getByTestId("member-role")
      .filter({ hasText: /^admin$/ })
      .waitFor();
    await screenshot(ownerPage, "team-c1-role-changed");

    await memberPage.goto("/dashboard");
    await expect(memberPage.getByTestId("current-user").textContent()).resolves.toBe(`${invitee.name} · admin`);
    await expect(memberPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).count()).resolves.toBe(1);
    await expect(memberPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Activity" }).count()).resolves.toBe(1);
    await screenshot(memberPage, "team-c2-member-is-admin");

    // As an admin they see the team page with the invite form, limited to roles up to their own.
    await openTeam(memberPage);
    await expect(memberPage.locator("#field-role option").allTextContents()).resolves.toEqual(["admin", "member"]);
    // An admin cannot change or remove the owner.
    await expect(memberRow(memberPage, owner.email).getByRole("button").count()).resolves.toBe(0);
  });

  it("(d) the owner removes the member; the member's next load of /clients ends in onboarding without the client", async () => {
    await openTeam(ownerPage);
    const row = memberRow(ownerPage, invitee.email);
    acceptNextDialog(ownerPage);
    await row.getByRole("button", { name: "Remove" }).click();
    await row.waitFor({ state: "detached" });
    await expect(memberRows(ownerPage).count()).resolves.toBe(1);
    await screenshot(ownerPage, "team-d1-member-removed");

    await memberPage.goto("/clients");
    expect(new URL(memberPage.url()).pathname).toBe("/onboarding");
    await heading(memberPage, `Welcome, ${invitee.name}`).waitFor();
    await expect(memberPage.getByText(clientName).count()).resolves.toBe(0);
    await screenshot(memberPage, "team-d2-removed-member-onboarding");

    // The audit log records the whole story, newest first.
    const audit = await ownerPage.goto("/audit");
    expect(audit?.status()).toBe(200);
    const actions = await ownerPage.locator("table tbody tr td:nth-child(3)").allTextContents();
    expect(actions.filter((a) => a.startsWith("member."))).toEqual([
      "member.removed",
      "member.role_changed",
      "member.joined",
      "member.invited",
    ]);
    await ownerPage.getByLabel("Action").selectOption("member.removed");
    await ownerPage.getByRole("button", { name: "Filter" }).click();
    await ownerPage.waitForURL((url) => url.pathname === "/audit" && url.searchParams.get("action") === "member.removed");
    await expect(ownerPage.locator("table tbody tr").count()).resolves.toBe(1);
    await expect(ownerPage.locator(".pager > span").textContent()).resolves.toBe("1 event on this page");
    await screenshot(ownerPage, "team-d3-audit-log");
  });

  it("(e) resend replaces the link; someone else signed in is told so, signs out, signs in as the invitee and accepts", async () => {
    const carolPage = await newPage(browser);
    await signUpInBrowser(carolPage, carol);
    await carolPage.context().close();

    await openTeam(ownerPage);
    await ownerPage.getByLabel("Email", { exact: true }).fill(carol.email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("admin");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await ownerPage
      .getByRole("status")
      .filter({ hasText: `Invitation sent to ${carol.email}` })
      .waitFor();
    const firstLink = await inviteLinkFromOutbox(ownerPage, carol.email);

    // One click: a new link, and the old one answers 410 "replaced".
    const row = invitationRow(ownerPage, carol.email);
    await row.getByRole("button", { name: "Resend" }).click();
    const resent = row.getByRole("status").filter({ hasText: `Invitation sent to ${carol.email}` });
    await resent.waitFor();
    const link = await resent.getByRole("textbox").inputValue();
    expect(link).not.toBe(firstLink);
    await screenshot(ownerPage, "team-e1-resent");
    await expect(inviteLinkFromOutbox(ownerPage, carol.email)).resolves.toBe(link);
    const old = await memberPage.goto(firstLink);
    expect(old?.status()).toBe(410);
    await memberPage.getByText("replaced by a newer one").waitFor();

    // Mark (still signed in, in no workspace) opens Carol's link.
    const res = await memberPage.goto(link);
    expect(res?.status()).toBe(200);
    await memberPage.getByText(`This invitation is for ${carol.email}, you are signed in as ${invitee.email}.`).waitFor();
    await expect(memberPage.getByRole("button", { name: "Accept invitation" }).count()).resolves.toBe(0);
    await screenshot(memberPage, "team-e2-wrong-user");
    await memberPage.getByRole("button", { name: `Sign out and continue as ${carol.email}` }).click();
    await memberPage.getByRole("heading", { level: 2, name: "Create an account" }).waitFor();
    expect(new URL(memberPage.url()).pathname).toBe(new URL(link).pathname);

    await memberPage.getByRole("link", { name: "Sign in" }).click();
    await memberPage.waitForURL((url) => url.pathname === "/sign-in" && url.searchParams.get("next") === new URL(link).pathname);
    await memberPage.getByLabel("Email", { exact: true }).fill(carol.email);
    await memberPage.getByLabel("Password", { exact: true }).fill(carol.password);
    await memberPage.getByRole("button", { name: "Sign in" }).click();
    await memberPage.waitForURL((url) => url.pathname === new URL(link).pathname);
    // Carol signed up on her own: she proves she owns the address (the sign-up's verification email) before accepting.
    await memberPage.getByTestId("verify-before-accepting").waitFor();
    await memberPage.goto(await linkFromAccountOutbox(carol.email, "verify_email"));
    await memberPage.getByTestId("email-verified").waitFor();
    await memberPage.goto(link);
    await screenshot(memberPage, "team-e3-accept");
    await memberPage.getByRole("button", { name: "Accept invitation" }).click();
    await memberPage.waitForURL("**/dashboard");
    await heading(memberPage, owner.workspaceName).waitFor();
    await expect(memberPage.getByTestId("current-user").textContent()).resolves.toBe(`${carol.name} · admin`);
    await expect(memberPage.getByTestId("active-clients").textContent()).resolves.toBe("1");

    // A sign-in `next` that leaves the site is ignored.
    await memberPage.getByRole("button", { name: "Sign out" }).click();
    await memberPage.waitForURL("**/sign-in");
    await memberPage.goto("/sign-in?next=//evil.example/steal");
    await memberPage.getByLabel("Email", { exact: true }).fill(carol.email);
    await memberPage.getByLabel("Password", { exact: true }).fill(carol.password);
    await memberPage.getByRole("button", { name: "Sign in" }).click();
    await memberPage.waitForURL("**/dashboard");
    expect(new URL(memberPage.url()).origin).toBe(new URL(link).origin);
  });

  it("(f) settings: admins see the workspace read-only; the owner renames it, and deletes it only with its exact name", async () => {
    // Carol (admin in the owner's workspace) switches to it: no rename form, no danger zone.
    await memberPage.locator("#workspace-switcher").selectOption({ label: owner.workspaceName });
    await memberPage.waitForURL("**/dashboard");
    await heading(memberPage, owner.workspaceName).waitFor();
    await memberPage.goto("/settings");
    await heading(memberPage, "Settings").waitFor();
    await memberPage.getByText("Only owners can rename the workspace.").waitFor();
    await expect(memberPage.getByRole("button", { name: "Rename workspace" }).count()).resolves.toBe(0);
    await expect(memberPage.getByRole("button", { name: "Delete workspace" }).count()).resolves.toBe(0);
    await screenshot(memberPage, "team-f1-settings-admin");

    const renamed = `Olivia & Partners ${run}`;
    await ownerPage.goto("/settings");
    await heading(ownerPage, "Settings").waitFor();
    const slug = await ownerPage.locator("dl.details code").textContent();
    expect(slug).toMatch(/^olivia-agency-/);
    await ownerPage.getByLabel("Workspace name", { exact: true }).fill(renamed);
    await ownerPage.getByRole("button", { name: "Rename workspace" }).click();
    await ownerPage
      .getByRole("status")
      .filter({ hasText: `Renamed to ${renamed}.` })
      .waitFor();
    await expect(ownerPage.getByTestId("settings-workspace-name").textContent()).resolves.toBe(renamed);
    // The slug stays.
    await expect(ownerPage.locator("dl.details code").textContent()).resolves.toBe(slug);

    await ownerPage.getByLabel("Type the workspace name to confirm").fill(owner.workspaceName);
    await ownerPage.getByRole("button", { name: "Delete workspace" }).click();
    const confirmError = ownerPage.locator(".field", { has: ownerPage.locator("#field-confirmName") }).locator("p.field-error[role=alert]");
    await confirmError.waitFor();
    await expect(confirmError.textContent()).resolves.toBe(`Type "${renamed}" to confirm`);
    await screenshot(ownerPage, "team-f2-settings-delete-refused");

    await ownerPage.getByLabel("Type the workspace name to confirm").fill(renamed);
    await ownerPage.getByRole("button", { name: "Delete workspace" }).click();
    // The owner had no other workspace: /workspaces sends them on to onboarding.
    await ownerPage.waitForURL("**/onboarding");
    await screenshot(ownerPage, "team-f3-workspace-deleted");

    // Carol keeps her own workspace and is sent to choose it.
    await memberPage.goto("/clients");
    expect(new URL(memberPage.url()).pathname).toBe("/workspaces");
    await expect(memberPage.locator(".workspace-list li").count()).resolves.toBe(1);
    await expect(memberPage.getByText(clientName).count()).resolves.toBe(0);
  });
});
