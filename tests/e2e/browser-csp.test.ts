import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Frame, Page } from "playwright-core";
import { assertNoBrowserProblems, launchBrowser, newPage, signUpInBrowser, takeBrowserProblems, uniqueSuffix } from "../support/browser";

/*
 * The Content-Security-Policy in real Chromium: the pages run under it without a single violation
 * (every e2e suite fails on one, through tests/support/browser.ts), an injected inline script is
 * refused and reported, and no other origin can frame the app.
 */

const appUrl = inject("appUrl");

let browser: Browser;
/**
 * Another origin that frames the app: a real server on 127.0.0.1 (the app is on localhost). A real
 * one, on the loopback like the app: Chromium refuses a public origin's frames of a loopback address
 * on its own (Local Network Access), which would hide what the app's headers do.
 */
let attacker: Server;
let attackerUrl = "";

beforeAll(async () => {
  browser = await launchBrowser();
  attacker = createServer((req, res) => {
    const target = new URL(req.url ?? "/", "http://x").searchParams.get("frame") ?? "/";
    const src = `${appUrl}${target}`.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    res.writeHead(req.url?.startsWith("/?") ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>evil</title><iframe src="${src}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
});

/** Serves the page at `path` with `extra` inserted before </body>, keeping the server's headers (and its policy). */
async function servePageWith(page: Page, path: string, extra: (nonce: string) => string): Promise<void> {
  await page.route(`${appUrl}${path}`, async (route) => {
    const response = await route.fetch();
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1] ?? "";
    const body = (await response.text()).replace("</body>", `${extra(nonce)}</body>`);
    await route.fulfill({ response, body });
  });
}

describe("the CSP in the browser", () => {
  it("a signed-in tour of the app runs without a violation", async () => {
    const page = await newPage(browser);
    const suffix = uniqueSuffix();
    await signUpInBrowser(page, {
      name: "Csp Tester",
      email: `csp-${suffix}@example.test`,
      password: "correct horse battery staple",
      workspaceName: `Csp ${suffix}`,
    });
    for (const path of [
      "/dashboard",
      "/clients",
      "/clients/new",
      "/invoices",
      "/invoices/new",
      "/tax-rates",
      "/team",
      "/settings",
      "/invoice-settings",
      "/api-keys",
      "/audit",
      "/activity",
      "/workspaces",
      "/workspaces/new",
    ]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      // Scripts ran: the client router took over and the page is interactive.
      await page.waitForFunction(() => document.readyState === "complete");
    }
    // Next.js's not-found page, for an unknown URL and for another workspace's record.
    for (const path of ["/no-such-page", "/clients/00000000-0000-4000-8000-000000000000"]) {
      expect((await page.goto(path))?.status(), path).toBe(404);
      await page.getByRole("heading", { level: 1, name: "Not found" }).waitFor();
    }
    // Client-side navigation (RSC payloads, lazily loaded chunks) stays inside the policy too.
    await page.goto("/dashboard");
    await page.getByRole("link", { name: "Clients", exact: true }).first().click();
    await page.waitForURL("**/clients");
    await page.getByRole("heading", { level: 1, name: "Clients" }).waitFor();
    expect(takeBrowserProblems(page)).toEqual([]);
    await page.context().close();
  });

  it("refuses an injected inline script and reports it, while the page's own nonce'd scripts run", async () => {
    const page = await newPage(browser);
    await servePageWith(
      page,
      "/sign-in",
      (nonce) =>
        `<script>window.__injected = "ran"</script>` +
        `<script nonce="${nonce}">window.__trusted = "ran"</script>` +
        `<img src="x" onerror="window.__handler = 'ran'">`,
    );
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.waitForFunction(() => (window as unknown as { __trusted?: string }).__trusted === "ran");
    const ran = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { injected: w.__injected ?? null, handler: w.__handler ?? null };
    });
    expect(ran).toEqual({ injected: null, handler: null });
    await expect.poll(() => takeBrowserProblems(page).length > 0 || null, { timeout: 5_000 }).toBeTruthy();
    // Put them back (takeBrowserProblems cleared them) and let the check every test ends with see them.
    await page.reload();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.evaluate(() => 0);
    expect(() => assertNoBrowserProblems()).toThrow(
      /csp violation on .*\/sign-in: script-src-elem blocked inline[\s\S]*script-src-attr blocked inline/,
    );
    await page.context().close();
  });

  it("fails the test on an uncaught error in the page", async () => {
    const page = await newPage(browser);
    await servePageWith(
      page,
      "/sign-in",
      (nonce) => `<script nonce="${nonce}">setTimeout(() => { throw new Error("boom from the page") })</script>`,
    );
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await expect
      .poll(() => takeBrowserProblems(page).map((p) => `${p.kind}: ${p.text}`), { timeout: 5_000 })
      .toEqual(["page error: Error: boom from the page"]);
    await page.context().close();
  });

  describe("no other origin can frame the app", () => {
    const targets = ["/sign-in", "/dashboard", "/no-such-page", "/api/docs", "/api/v1/openapi.json", "/invoices/export.csv"];

    async function frameFromAttacker(page: Page, target: string, { stripHeaders }: { stripHeaders: boolean }): Promise<Frame> {
      if (stripHeaders) {
        // The control: the same response without its framing headers does load in the frame.
        await page.route(`${appUrl}${target}`, async (route) => {
          const response = await route.fetch({ maxRedirects: 0 });
          const headers = Object.fromEntries(
            Object.entries(response.headers()).filter(([name]) => !["content-security-policy", "x-frame-options"].includes(name)),
          );
          await route.fulfill({ response, headers });
        });
      }
      await page.goto(`${attackerUrl}/?frame=${encodeURIComponent(target)}`);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      if (!frame) throw new Error("no frame");
      await frame.waitForLoadState("load").catch(() => undefined);
      return frame;
    }

    for (const target of targets) {
      it(`${target} refuses to be framed by another origin`, async () => {
        const page = await newPage(browser);
        const frame = await frameFromAttacker(page, target, { stripHeaders: false });
        await expect
          .poll(
            () =>
              takeBrowserProblems(page)
                .map((p) => p.text)
                .join("\n"),
            { timeout: 10_000 },
          )
          .toMatch(/frame-ancestors 'none'/);
        // Chromium shows its own error page in the frame instead of the app.
        expect(frame.url()).not.toContain(appUrl);
        await page.context().close();
      });
    }

    it("(control) the same page without those headers would load in the frame", async () => {
      const page = await newPage(browser);
      const frame = await frameFromAttacker(page, "/sign-in", { stripHeaders: true });
      await frame.getByRole("button", { name: "Sign in" }).waitFor();
      expect(frame.url()).toBe(`${appUrl}/sign-in`);
      // Without its policy the page's scripts ran with nothing to violate.
      takeBrowserProblems(page);
      await page.context().close();
    });
  });
});
