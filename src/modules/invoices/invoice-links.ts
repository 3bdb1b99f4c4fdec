/**
 * Public invoice links: `APP_URL/i/<token>`, one live link per sent invoice. The token (256 random
 * bits, base64url) is stored only as its SHA-256 — the public page's one way in, through
 * withLinkLookup() — and sealed with the secret box (bound to its workspace and row), so members can
 * copy the link again and emails can carry it. Views are counted; the first writes an audit event.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { appUrl } from "@/platform/config";
import { assertCan } from "@/platform/permissions";
import { withLinkLookup, withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { consumeRateLimit } from "@/platform/rate-limit";
import { open, seal } from "@/platform/secret-box";
import { now } from "@/lib/clock";
import { asWorkspaceId, isUuid, type WorkspaceId } from "@/lib/ids";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { clientInScope } from "@/modules/clients/clients.service";
import { paymentInstructionsText, settingsInScope, type PaymentInstructions } from "@/modules/invoice-settings/invoice-settings.service";
import { workspaceNameForInvoices } from "@/modules/workspaces/workspaces.service";
import { invoiceInScope, loadInvoice, lockInvoice, notFound, renderStoredInvoicePdf } from "./invoice-read";
import type { InvoiceDto } from "./invoices.schemas";
import * as repo from "./invoice-links.repo";

/** A link's token as the URL carries it: 32 bytes in base64url without padding. */
export const INVOICE_LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Requests to /i/… per client address and minute (pages, PDFs and misses alike). */
export const PUBLIC_LINK_REQUESTS_PER_MINUTE = 60;
const MINUTE = 60_000;

type Actor = { userId: TenantContext["userId"] | null; actorLabel: string };
/** Who creates a link that no person asked for by name (ensureInvoiceLink from another module, e.g. an email being sent). */
const SYSTEM_ACTOR: Actor = { userId: null, actorLabel: "Workledger" };
/** Who a client's view is recorded as. */
const CLIENT_ACTOR: Actor = { userId: null, actorLabel: "Client (public invoice link)" };

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function invoiceLinkUrl(token: string): string {
  return `${appUrl()}/i/${token}`;
}

const sealedFor = (workspaceId: string, linkId: string) => `invoice_links:${workspaceId}:${linkId}`;

function urlOf(t: TenantScope, row: Pick<repo.LinkRow, "id" | "tokenSealed">): string {
  return invoiceLinkUrl(open("invoice-link", row.tokenSealed, sealedFor(t.workspaceId, row.id)));
}

function assertLinkable(status: string): void {
  if (status === "draft") throw new AppError("invalid_state", "Drafts have no public link: send the invoice first");
}

/** A new live link (the invoice has none at this point), audited; its URL. */
async function createLink(t: TenantScope, actor: Actor, invoiceId: string, action: "invoice_link.created" | "invoice_link.regenerated") {
  const token = randomBytes(32).toString("base64url");
  const id = randomUUID();
  const inserted = await repo.insertLink(t, {
    id,
    invoiceId,
    tokenHash: hashLinkToken(token),
    tokenSealed: seal("invoice-link", token, sealedFor(t.workspaceId, id)),
    createdAt: now(),
  });
  if (!inserted) return undefined;
  await recordAuditEvent(t, actor, { action, targetType: "invoice", targetId: invoiceId, detail: { linkId: id } });
  return invoiceLinkUrl(token);
}

/** ensureInvoiceLink, naming who asked (sending an invoice names its sender). */
export async function ensureInvoiceLinkAs(t: TenantScope, actor: Actor, invoiceId: string): Promise<string> {
  const invoice = await invoiceInScope(t, invoiceId);
  assertLinkable(invoice.status);
  const live = await repo.findLiveLink(t, invoiceId);
  if (live) return urlOf(t, live);
  const created = await createLink(t, actor, invoiceId, "invoice_link.created");
  if (created) return created;
  // Another transaction created it first (the live-link unique index): use theirs.
  const winner = await repo.findLiveLink(t, invoiceId);
  if (!winner) throw new AppError("conflict", "The invoice link changed meanwhile; try again");
  return urlOf(t, winner);
}

/**
 * The URL of the invoice's current (not revoked) public link, creating one if it has none, inside the
 * caller's tenant transaction. For sent (non-draft) invoices; a draft is refused (409), a missing
 * invoice is not found. The caller has checked its own permission.
 */
export async function ensureInvoiceLink(t: TenantScope, invoiceId: string): Promise<string> {
  return ensureInvoiceLinkAs(t, SYSTEM_ACTOR, invoiceId);
}

export interface InvoiceLinkDto {
  /** The live link, or null when the invoice has none (a draft, revoked, or sent before links existed). */
  url: string | null;
  createdAt: Date | null;
  firstViewedAt: Date | null;
  lastViewedAt: Date | null;
  viewCount: number;
}

function linkDto(t: TenantScope, row: repo.LinkRow | undefined): InvoiceLinkDto {
  if (!row) return { url: null, createdAt: null, firstViewedAt: null, lastViewedAt: null, viewCount: 0 };
  return {
    url: urlOf(t, row),
    createdAt: row.createdAt,
    firstViewedAt: row.firstViewedAt,
    lastViewedAt: row.lastViewedAt,
    viewCount: row.viewCount,
  };
}

/** Inside an invoice transaction (the invoice page's view): the invoice's live link and its views. */
export async function invoiceLinkInScope(t: TenantScope, invoiceId: string): Promise<InvoiceLinkDto> {
  return linkDto(t, await repo.findLiveLink(t, invoiceId));
}

export async function getInvoiceLink(ctx: TenantContext, invoiceId: string): Promise<InvoiceLinkDto> {
  assertCan(ctx, "invoice.read");
  if (!isUuid(invoiceId)) throw notFound();
  return withTenant(ctx, async (t) => {
    await invoiceInScope(t, invoiceId);
    return invoiceLinkInScope(t, invoiceId);
  });
}

/** Revokes the live link (if any) and creates a new one: the old URL answers 404 from now on. */
export async function regenerateInvoiceLink(ctx: TenantContext, invoiceId: string): Promise<InvoiceLinkDto> {
  assertCan(ctx, "invoice_link.manage");
  return withTenant(ctx, async (t) => {
    const invoice = await lockInvoice(t, invoiceId);
    assertLinkable(invoice.status);
    const revoked = await repo.revokeLiveLink(t, invoiceId, now());
    const url = await createLink(t, ctx, invoiceId, revoked ? "invoice_link.regenerated" : "invoice_link.created");
    if (!url) throw new AppError("conflict", "The invoice link changed meanwhile; try again");
    return invoiceLinkInScope(t, invoiceId);
  });
}

/** Revokes the live link: its URL answers 404 from now on. Not found when the invoice has no live link. */
export async function revokeInvoiceLink(ctx: TenantContext, invoiceId: string): Promise<void> {
  assertCan(ctx, "invoice_link.manage");
  await withTenant(ctx, async (t) => {
    await lockInvoice(t, invoiceId);
    const linkId = await repo.revokeLiveLink(t, invoiceId, now());
    if (!linkId) throw AppError.notFound("Invoice link");
    await recordAuditEvent(t, ctx, { action: "invoice_link.revoked", targetType: "invoice", targetId: invoiceId, detail: { linkId } });
  });
}

// ---------------------------------------------------------------------------------------------
// The public side: /i/<token>

interface ResolvedLink {
  workspaceId: WorkspaceId;
  linkId: string;
  invoiceId: string;
}

/**
 * The workspace, link and invoice of a live token, or undefined — for a malformed, unknown or
 * revoked token alike. The lookup binds nothing but the token's hash (withLinkLookup).
 */
async function resolveToken(token: string): Promise<ResolvedLink | undefined> {
  if (!INVOICE_LINK_TOKEN.test(token)) return undefined;
  const tokenHash = hashLinkToken(token);
  const row = await withLinkLookup(tokenHash, (s) => repo.findByTokenHash(s, tokenHash));
  if (!row || row.revokedAt) return undefined;
  return { workspaceId: asWorkspaceId(row.workspaceId), linkId: row.id, invoiceId: row.invoiceId };
}

/**
 * For the HTTP layer, before the page or PDF is rendered: counts the request against the client
 * address's budget (429 when spent) and says whether the token opens an invoice. Everything that does
 * not — wrong length or characters, unknown, revoked, a deleted or draft invoice — is the same `false`.
 */
export async function checkPublicInvoiceLink(token: string, meta: { ip: string }): Promise<boolean> {
  await consumeRateLimit(`invoice-link:ip:${meta.ip}`, PUBLIC_LINK_REQUESTS_PER_MINUTE, MINUTE);
  const link = await resolveToken(token);
  if (!link) return false;
  return withTenant({ workspaceId: link.workspaceId }, async (t) => {
    const row = await repo.findLiveLink(t, link.invoiceId);
    if (!row || row.id !== link.linkId) return false;
    const invoice = await loadInvoice(t, link.invoiceId);
    return invoice !== undefined && invoice.status !== "draft";
  });
}

/** What the public page shows: the invoice as sent, its sender and client, and how to pay. Nothing else of the workspace. */
export interface PublicInvoiceView {
  invoice: Pick<
    InvoiceDto,
    | "number"
    | "status"
    | "currency"
    | "issueDate"
    | "dueDate"
    | "notes"
    | "discount"
    | "subtotalMinor"
    | "discountMinor"
    | "taxMinor"
    | "totalMinor"
    | "amountPaidMinor"
    | "balanceDueMinor"
    | "taxes"
    | "lines"
  >;
  sender: { name: string; address: string | null; taxId: string | null };
  client: { name: string; email: string | null; billingAddress: string | null; taxId: string | null };
  payment: PaymentInstructions & { text: string | null };
}

async function senderName(workspaceId: WorkspaceId, legalName: string | null): Promise<string> {
  return legalName ?? (await workspaceNameForInvoices(workspaceId));
}

/**
 * The public page: the invoice of a live token, read in withTenant() for the link's workspace, with
 * the view recorded in the same transaction (the first view also as the audit event "invoice.viewed").
 * Undefined for any token that does not open an invoice.
 */
export async function viewPublicInvoice(token: string): Promise<PublicInvoiceView | undefined> {
  const link = await resolveToken(token);
  if (!link) return undefined;
  const data = await withTenant({ workspaceId: link.workspaceId }, async (t) => {
    const invoice = await loadInvoice(t, link.invoiceId);
    if (!invoice || invoice.status === "draft") return undefined;
    const at = now();
    const views = await repo.recordView(t, link.linkId, at);
    if (views === undefined) return undefined;
    if (views === 1) {
      await recordAuditEvent(t, CLIENT_ACTOR, {
        action: "invoice.viewed",
        targetType: "invoice",
        targetId: invoice.id,
        detail: { number: invoice.number, message: "Viewed by client", linkId: link.linkId },
      });
    }
    const [client, settings] = await Promise.all([clientInScope(t, invoice.clientId), settingsInScope(t)]);
    return { invoice, client, settings };
  });
  if (!data) return undefined;
  const { invoice, client, settings } = data;
  return {
    invoice: {
      number: invoice.number,
      status: invoice.status,
      currency: invoice.currency,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      notes: invoice.notes,
      discount: invoice.discount,
      subtotalMinor: invoice.subtotalMinor,
      discountMinor: invoice.discountMinor,
      taxMinor: invoice.taxMinor,
      totalMinor: invoice.totalMinor,
      amountPaidMinor: invoice.amountPaidMinor,
      balanceDueMinor: invoice.balanceDueMinor,
      taxes: invoice.taxes,
      lines: invoice.lines,
    },
    sender: {
      name: await senderName(link.workspaceId, settings.senderLegalName),
      address: settings.senderAddress,
      taxId: settings.senderTaxId,
    },
    client: {
      name: invoice.clientName,
      email: client?.email ?? null,
      billingAddress: client?.billingAddress ?? null,
      taxId: client?.taxId ?? null,
    },
    payment: {
      bankAccountHolder: settings.bankAccountHolder,
      bankIban: settings.bankIban,
      bankBic: settings.bankBic,
      paymentInstructions: settings.paymentInstructions,
      paymentUrl: settings.paymentUrl,
      text: paymentInstructionsText(settings),
    },
  };
}

/** The PDF of a live token's invoice (no view counted), or undefined like viewPublicInvoice. */
export async function publicInvoicePdf(token: string): Promise<{ filename: string; pdf: Buffer } | undefined> {
  const link = await resolveToken(token);
  if (!link) return undefined;
  const data = await withTenant({ workspaceId: link.workspaceId }, async (t) => {
    if (!(await repo.isLive(t, link.linkId))) return undefined;
    const invoice = await loadInvoice(t, link.invoiceId);
    if (!invoice || invoice.status === "draft") return undefined;
    const [client, settings] = await Promise.all([clientInScope(t, invoice.clientId), settingsInScope(t)]);
    return { invoice, client, settings };
  });
  if (!data) return undefined;
  return renderStoredInvoicePdf(data, await senderName(link.workspaceId, data.settings.senderLegalName));
}
