import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getRequestListener } from "@hono/node-server";
import { createAppListener } from "@/http/http-listener";
import { PUBLIC_INVOICE_NOT_FOUND_BODY } from "@/http/public-invoice-gate";
import { withLinkLookup, withTenant } from "@/platform/db/tenant";
import { appUrl } from "@/platform/config";
import { resetRateLimitsForTests } from "@/platform/rate-limit";
import { AppError } from "@/platform/errors";
import { asUserId, asWorkspaceId } from "@/lib/ids";
import * as invoices from "@/modules/invoices/invoices.service";
import { updateInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import { resolveTenant, type ResolvedTenant } from "@/modules/workspaces/workspaces.service";
import { PUBLIC_LINK_REQUESTS_PER_MINUTE } from "@/modules/invoices/invoice-links";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";
import { api, apiApp, expectJson, expectProblem, keyFor } from "../support/api";
import { plaintextSecretsAtRest } from "../support/secret-scan";

const owner = ownerSql();
afterAll(() => owner.end());

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const tokenOf = (url: string) => {
  const match = /\/i\/([A-Za-z0-9_-]{43})$/.exec(url);
  if (!match) throw new Error(`not an invoice link: ${url}`);
  return match[1]!;
};
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

let a: WorkspaceFixture;
let b: WorkspaceFixture;
let memberA: ResolvedTenant;
/** Every token this file saw, for the at-rest scan. */
const seenTokens: string[] = [];

async function sendNewInvoice(fx: WorkspaceFixture, description: string): Promise<{ id: string; token: string }> {
  const draft = await invoices.createInvoice(fx.owner, {
    clientId: fx.clientId,
    lines: [{ description, quantity: "2", unitPrice: "150.00" }],
  });
  await invoices.sendInvoice(fx.owner, draft.id);
  const link = await invoices.getInvoiceLink(fx.owner, draft.id);
  const token = tokenOf(link.url!);
  seenTokens.push(token);
  return { id: draft.id, token };
}

const auditOf = (workspaceId: string, action: string, invoiceId: string) =>
  owner<{ actor_label: string; detail: Record<string, unknown> }[]>`
    select actor_label, detail from audit_events where workspace_id = ${workspaceId} and action = ${action} and target_id = ${invoiceId}`;

let ipCounter = 0;
const freshIp = () => ({ ip: `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}` });

beforeAll(async () => {
  await resetRateLimitsForTests();
  a = await workspaceFixture(owner, "admin", "links-a");
  b = await workspaceFixture(owner, "admin", "links-b");
  memberA = await resolveTenant(asUserId(a.memberUserId), a.workspaceId);
  await updateInvoiceSettings(a.owner, {
    senderLegalName: "Alpha Studio Ltd",
    bankAccountHolder: "Alpha Studio Ltd",
    bankIban: "DE89 3704 0044 0532 0130 00",
    bankBic: "COBADEFFXXX",
    paymentInstructions: "Quote the invoice number.",
    paymentUrl: "https://pay.example.com/alpha",
  });
  await updateInvoiceSettings(b.owner, { senderLegalName: "Bravo Secret Corp" });
  await owner`update clients set name = 'Bravo Private Client', notes = 'internal note B' where workspace_id = ${b.workspaceId}`;
});

describe("creating links", () => {
  it("sending an invoice creates its link: APP_URL/i/<43 characters>, audited with the sender", async () => {
    const { id, token } = await sendNewInvoice(a, "Created on send");
    const link = await invoices.getInvoiceLink(a.owner, id);
    expect(link.url).toBe(`${appUrl()}/i/${token}`);
    expect(link).toMatchObject({ viewCount: 0, firstViewedAt: null, lastViewedAt: null });
    const events = await auditOf(a.workspaceId, "invoice_link.created", id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_label).toContain(a.owner.actorLabel.replace(/\s*<.*$/, ""));
  });

  it("ensureInvoiceLink answers the current link, creating one only when there is none; drafts have none", async () => {
    const { id, token } = await sendNewInvoice(a, "Ensure");
    const scope = { workspaceId: asWorkspaceId(a.workspaceId) };
    expect(await withTenant(scope, (t) => invoices.ensureInvoiceLink(t, id))).toBe(`${appUrl()}/i/${token}`);
    await invoices.revokeInvoiceLink(a.owner, id);
    const fresh = await withTenant(scope, (t) => invoices.ensureInvoiceLink(t, id));
    seenTokens.push(tokenOf(fresh));
    expect(tokenOf(fresh)).not.toBe(token);
    expect(await withTenant(scope, (t) => invoices.ensureInvoiceLink(t, id))).toBe(fresh);
    await expect(withTenant(scope, (t) => invoices.ensureInvoiceLink(t, a.draftInvoiceId))).rejects.toMatchObject({
      code: "invalid_state",
    });
    // Another workspace's invoice is simply not found.
    await expect(withTenant(scope, (t) => invoices.ensureInvoiceLink(t, b.sentInvoiceId))).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the public view", () => {
  it("shows the invoice, sender, client and payment instructions, and records every view (the first audited once)", async () => {
    const { id, token } = await sendNewInvoice(a, "Viewed work");
    const view = await invoices.viewPublicInvoice(token);
    expect(view).toBeDefined();
    expect(view!.invoice.lines.map((l) => l.description)).toEqual(["Viewed work"]);
    expect(view!.invoice).toMatchObject({ status: "sent", totalMinor: 30000, balanceDueMinor: 30000 });
    expect(view!.sender.name).toBe("Alpha Studio Ltd");
    expect(view!.client.name).toBe("Fixture Client");
    expect(view!.payment.text).toContain("IBAN: DE89 3704 0044 0532 0130 00");
    expect(view!.payment.paymentUrl).toBe("https://pay.example.com/alpha");
    expect(JSON.stringify(view)).not.toContain('notes":"internal');

    let link = await invoices.getInvoiceLink(a.owner, id);
    expect(link.viewCount).toBe(1);
    expect(link.firstViewedAt).toBeInstanceOf(Date);
    const first = link.firstViewedAt!.getTime();
    await invoices.viewPublicInvoice(token);
    await invoices.viewPublicInvoice(token);
    link = await invoices.getInvoiceLink(a.owner, id);
    expect(link.viewCount).toBe(3);
    expect(link.firstViewedAt!.getTime()).toBe(first);
    expect(link.lastViewedAt!.getTime()).toBeGreaterThanOrEqual(first);
    const viewed = await auditOf(a.workspaceId, "invoice.viewed", id);
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ actor_label: "Client (public invoice link)", detail: { message: "Viewed by client" } });
  });

  it("serves the PDF with the payment instructions, without counting a view", async () => {
    const { id, token } = await sendNewInvoice(a, "PDF work");
    const file = await invoices.publicInvoicePdf(token);
    expect(file).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), "public-pdf-"));
    try {
      writeFileSync(path.join(dir, "i.pdf"), file!.pdf);
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(dir, "i.pdf"), "-"], { encoding: "utf8" });
      expect(text).toContain("PDF work");
      expect(text).toContain("HOW TO PAY");
      expect(text).toContain("IBAN: DE89 3704 0044 0532 0130 00");
      expect(text).toContain("Pay online: https://pay.example.com/alpha");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await invoices.getInvoiceLink(a.owner, id)).viewCount).toBe(0);
  });

  it("revoke: the link answers nothing; regenerate: the old one nothing, the new one the invoice", async () => {
    const { id, token } = await sendNewInvoice(a, "Revoke me");
    await invoices.revokeInvoiceLink(a.owner, id);
    expect(await invoices.viewPublicInvoice(token)).toBeUndefined();
    expect(await invoices.publicInvoicePdf(token)).toBeUndefined();
    expect(await invoices.checkPublicInvoiceLink(token, freshIp())).toBe(false);
    expect((await invoices.getInvoiceLink(a.owner, id)).url).toBeNull();
    await expect(invoices.revokeInvoiceLink(a.owner, id)).rejects.toMatchObject({ code: "not_found" });

    const regenerated = await invoices.regenerateInvoiceLink(a.owner, id);
    const next = tokenOf(regenerated.url!);
    seenTokens.push(next);
    expect(await invoices.checkPublicInvoiceLink(next, freshIp())).toBe(true);
    const again = await invoices.regenerateInvoiceLink(a.owner, id);
    seenTokens.push(tokenOf(again.url!));
    expect(await invoices.checkPublicInvoiceLink(next, freshIp())).toBe(false);
    expect(await invoices.viewPublicInvoice(next)).toBeUndefined();
    expect(await invoices.viewPublicInvoice(tokenOf(again.url!))).toBeDefined();
    expect(await auditOf(a.workspaceId, "invoice_link.revoked", id)).toHaveLength(1);
    expect(await auditOf(a.workspaceId, "invoice_link.created", id)).toHaveLength(2); // on send, then after the revoke
    expect(await auditOf(a.workspaceId, "invoice_link.regenerated", id)).toHaveLength(1);
  });

  it("a wrong length, wrong characters, or an unknown token open nothing", async () => {
    const { token } = await sendNewInvoice(a, "Shapes");
    for (const bad of [
      "",
      token.slice(0, 42),
      `${token}A`,
      `${token.slice(0, 42)}=`,
      `${token.slice(0, 42)}.`,
      token.replace(/./, "+"),
      randomBytes(32).toString("base64url"),
    ]) {
      expect(await invoices.checkPublicInvoiceLink(bad, freshIp()), bad).toBe(false);
      expect(await invoices.viewPublicInvoice(bad), bad).toBeUndefined();
    }
  });

  it("every single-character change of a valid token opens nothing", async () => {
    const { token } = await sendNewInvoice(a, "Mutations");
    const variants = new Set<string>();
    for (let i = 0; i < token.length; i++) {
      for (const ch of `${ALPHABET}.+/=% \u00e9`) {
        if (ch !== token[i]) variants.add(token.slice(0, i) + ch + token.slice(i + 1));
      }
    }
    expect(variants.size).toBe(token.length * (ALPHABET.length - 1 + 7));
    const opened: string[] = [];
    for (const variant of variants) {
      if (await invoices.checkPublicInvoiceLink(variant, freshIp())) opened.push(variant);
    }
    expect(opened).toEqual([]);
    expect(await invoices.checkPublicInvoiceLink(token, freshIp())).toBe(true);
  });

  it("a link of a draft or of a deleted invoice opens nothing", async () => {
    const draftToken = randomBytes(32).toString("base64url");
    await owner`insert into invoice_links (workspace_id, invoice_id, token_hash, token_sealed)
                values (${a.workspaceId}, ${a.draftInvoiceId}, ${sha(draftToken)}, 'v1.x.y')`;
    expect(await invoices.checkPublicInvoiceLink(draftToken, freshIp())).toBe(false);
    expect(await invoices.viewPublicInvoice(draftToken)).toBeUndefined();
    const { id, token } = await sendNewInvoice(a, "Deleted later");
    await owner`delete from invoices where workspace_id = ${a.workspaceId} and id = ${id}`;
    expect(await invoices.checkPublicInvoiceLink(token, freshIp())).toBe(false);
    expect(await invoices.viewPublicInvoice(token)).toBeUndefined();
  });
});

describe("isolation: the token lookup binds only the hash, and row-level security still applies", () => {
  it("A's token shows A's invoice only, never B's data", async () => {
    const { token } = await sendNewInvoice(a, "Alpha only");
    await sendNewInvoice(b, "Bravo only");
    const text = JSON.stringify(await invoices.viewPublicInvoice(token));
    expect(text).toContain("Alpha only");
    for (const foreign of ["Bravo only", "Bravo Secret Corp", "Bravo Private Client", "internal note B", b.workspaceId]) {
      expect(text).not.toContain(foreign);
    }
  });

  it("the lookup runs as the tenant role (no bypass) and sees only the row of the bound hash", async () => {
    const { token: tokenA } = await sendNewInvoice(a, "Lookup A");
    const { token: tokenB } = await sendNewInvoice(b, "Lookup B");
    const seen = (hash: string) =>
      withLinkLookup(hash, async (s) => ({
        links: (
          await s.db.execute<{ workspace_id: string; token_hash: string }>(sql`select workspace_id, token_hash from invoice_links`)
        ).map((r) => [r.workspace_id, r.token_hash]),
        invoices: (await s.db.execute(sql`select id from invoices`)).length,
        clients: (await s.db.execute(sql`select id from clients`)).length,
        settings: (await s.db.execute(sql`select workspace_id from invoice_settings`)).length,
        role: (
          await s.db.execute<{ r: string; bypass: boolean }>(
            sql`select current_user as r, (select rolbypassrls from pg_roles where rolname = current_user) as bypass`,
          )
        )[0],
      }));
    const forA = await seen(sha(tokenA));
    expect(forA.links).toEqual([[a.workspaceId, sha(tokenA)]]);
    expect([forA.invoices, forA.clients, forA.settings]).toEqual([0, 0, 0]);
    expect(forA.role).toEqual({ r: "workledger_tenant", bypass: false });
    // Another hash bound: that row only, never A's.
    expect((await seen(sha(tokenB))).links).toEqual([[b.workspaceId, sha(tokenB)]]);
    expect((await seen(sha("no such token"))).links).toEqual([]);
    // The lookup is read-only.
    await expect(withLinkLookup(sha(tokenA), (s) => s.db.execute(sql`update invoice_links set view_count = 99`))).rejects.toThrow();
    // Inside B's tenant transaction A's link is invisible, even by its hash.
    const inB = await withTenant({ workspaceId: asWorkspaceId(b.workspaceId) }, (t) =>
      t.db.execute(sql`select id from invoice_links where token_hash = ${sha(tokenA)}`),
    );
    expect(inB).toHaveLength(0);
  });

  it("the table has forced row-level security", async () => {
    const [row] = await owner<{ relrowsecurity: boolean; relforcerowsecurity: boolean }[]>`
      select relrowsecurity, relforcerowsecurity from pg_class where relname = 'invoice_links'`;
    expect(row).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
  });
});

describe("permissions and the REST API", () => {
  it("a member may read the link but not regenerate or revoke it (403, nothing changes)", async () => {
    const { id, token } = await sendNewInvoice(a, "Member");
    expect((await invoices.getInvoiceLink(memberA, id)).url).toContain(token);
    for (const attempt of [() => invoices.regenerateInvoiceLink(memberA, id), () => invoices.revokeInvoiceLink(memberA, id)]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(403);
    }
    const memberKey = await keyFor(a.owner, "member");
    expectProblem(await api("POST", `/api/v1/invoices/${id}/link`, { token: memberKey }), 403, "forbidden");
    expectProblem(await api("DELETE", `/api/v1/invoices/${id}/link`, { token: memberKey }), 403, "forbidden");
    expect(expectJson(await api("GET", `/api/v1/invoices/${id}/link`, { token: memberKey }), 200)).toMatchObject({
      url: `${appUrl()}/i/${token}`,
    });
    expect(await invoices.checkPublicInvoiceLink(token, freshIp())).toBe(true);
  });

  it("GET, POST (regenerate) and DELETE (revoke) /invoices/{id}/link", async () => {
    const { id, token } = await sendNewInvoice(a, "API");
    const key = await keyFor(a.owner, "admin");
    const got = expectJson(await api("GET", `/api/v1/invoices/${id}/link`, { token: key }), 200);
    expect(got).toMatchObject({ url: `${appUrl()}/i/${token}`, view_count: 0, first_viewed_at: null });
    await invoices.viewPublicInvoice(token);
    const viewed = expectJson<{ view_count: number; first_viewed_at: string }>(
      await api("GET", `/api/v1/invoices/${id}/link`, { token: key }),
      200,
    );
    expect(viewed.view_count).toBe(1);
    expect(viewed.first_viewed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const regenerated = expectJson<{ url: string }>(await api("POST", `/api/v1/invoices/${id}/link`, { token: key }), 200);
    seenTokens.push(tokenOf(regenerated.url));
    expect(regenerated.url).not.toContain(token);
    expect(await invoices.checkPublicInvoiceLink(token, freshIp())).toBe(false);

    const revoked = await api("DELETE", `/api/v1/invoices/${id}/link`, { token: key });
    expect(revoked.status).toBe(204);
    expectProblem(await api("DELETE", `/api/v1/invoices/${id}/link`, { token: key }), 404, "not_found");
    expect(expectJson(await api("GET", `/api/v1/invoices/${id}/link`, { token: key }), 200)).toMatchObject({ url: null });
    expectProblem(await api("POST", `/api/v1/invoices/${a.draftInvoiceId}/link`, { token: key }), 409, "invalid_state");
    expectProblem(await api("GET", `/api/v1/invoices/${b.sentInvoiceId}/link`, { token: key }), 404, "not_found");
    expectProblem(await api("GET", `/api/v1/invoices/not-a-uuid/link`, { token: key }), 400, "bad_request");
  });

  it("documents the three operations in OpenAPI with their permissions", async () => {
    const doc = expectJson<{ paths: Record<string, Record<string, { "x-permission"?: string }>> }>(
      await api("GET", "/api/v1/openapi.json"),
      200,
    );
    const ops = doc.paths["/invoices/{id}/link"] ?? doc.paths["/api/v1/invoices/{id}/link"];
    expect(ops).toBeDefined();
    expect({ get: ops!.get?.["x-permission"], post: ops!.post?.["x-permission"], delete: ops!.delete?.["x-permission"] }).toEqual({
      get: "invoice.read",
      post: "invoice_link.manage",
      delete: "invoice_link.manage",
    });
  });
});

describe("the Node server's gate for /i/", () => {
  let server: Server;
  let base: string;
  const nextSaw: string[] = [];

  beforeAll(async () => {
    server = createServer(
      createAppListener({
        api: getRequestListener(apiApp.fetch),
        next: (req, res) => {
          nextSaw.push(req.url ?? "");
          res.writeHead(200, { "content-type": "text/plain" }).end("rendered by Next.js");
        },
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => resetRateLimitsForTests());

  it("answers every link that opens nothing with the same 404, and hands live links to Next.js", async () => {
    const { token } = await sendNewInvoice(a, "Gate");
    const { id: revokedId, token: revoked } = await sendNewInvoice(a, "Gate revoked");
    await invoices.revokeInvoiceLink(a.owner, revokedId);
    const misses = [
      `/i/${token.slice(0, 42)}`,
      `/i/${token}x`,
      `/i/${token.slice(0, 42)}%24`,
      `/i/${revoked}`,
      `/i/${revoked}/pdf`,
      `/i/${randomBytes(32).toString("base64url")}`,
      `/i/${token}/other`,
      "/i/",
      "/i",
    ];
    for (const p of misses) {
      const res = await fetch(base + p);
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
      expect(await res.text()).toBe(PUBLIC_INVOICE_NOT_FOUND_BODY);
      expect(res.headers.get("x-robots-tag")).toContain("noindex");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("private, no-store");
    }
    const post = await fetch(`${base}/i/${token}`, { method: "POST" });
    expect(post.status).toBe(404);
    expect(await post.text()).toBe(PUBLIC_INVOICE_NOT_FOUND_BODY);
    expect(nextSaw).toEqual([]);

    for (const p of [`/i/${token}`, `/i/${token}/pdf`, `/i/${token}?_rsc=1`]) {
      const res = await fetch(base + p);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("rendered by Next.js");
    }
    expect(nextSaw).toEqual([`/i/${token}`, `/i/${token}/pdf`, `/i/${token}?_rsc=1`]);
  });

  it(`rate-limits /i/ per client address: ${PUBLIC_LINK_REQUESTS_PER_MINUTE} a minute, then 429 with Retry-After`, async () => {
    const { token } = await sendNewInvoice(a, "Limited");
    for (let i = 0; i < PUBLIC_LINK_REQUESTS_PER_MINUTE; i++) {
      const res = await fetch(`${base}/i/${i % 2 === 0 ? token : "nope"}`);
      expect(res.status).toBe(i % 2 === 0 ? 200 : 404);
      await res.arrayBuffer();
    }
    const limited = await fetch(`${base}/i/${token}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("x-robots-tag")).toContain("noindex");
    // Another client address has its own budget.
    expect(await invoices.checkPublicInvoiceLink(token, freshIp())).toBe(true);
  });
});

describe("secrets at rest", () => {
  it("no token of this file is stored in plain text anywhere in the database", async () => {
    expect(seenTokens.length).toBeGreaterThan(10);
    expect(await plaintextSecretsAtRest(owner, seenTokens)).toEqual([]);
    // What is stored: the hash, and the sealed token, which opens to the token.
    const [row] = await owner<{ token_hash: string; token_sealed: string }[]>`
      select token_hash, token_sealed from invoice_links where token_hash = ${sha(seenTokens[0]!)}`;
    expect(row!.token_sealed).toMatch(/^v1\./);
  });
});
