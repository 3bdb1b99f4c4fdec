import { randomBytes, randomUUID } from "node:crypto";
import { now, today } from "@/lib/clock";
import { addDays } from "@/lib/dates";
import type { Sql } from "postgres";
import { resolveTenant, type ResolvedTenant } from "@/modules/workspaces/workspaces.service";
import { hashToken } from "@/modules/invitations/invitations.service";
import { asUserId } from "@/lib/ids";
import type { Role } from "@/platform/permissions";

export interface WorkspaceFixture {
  workspaceId: string;
  name: string;
  /** The app clock's date when the fixture was made: the fixture invoices' issue date and the payment's date. */
  today: string;
  owner: ResolvedTenant;
  actor: ResolvedTenant;
  memberUserId: string;
  adminUserId: string;
  clientId: string;
  /** A client without invoices (deletable). */
  spareClientId: string;
  invitationId: string;
  taxRateId: string;
  draftInvoiceId: string;
  sentInvoiceId: string;
  paymentId: string;
  apiKeyId: string;
  /** An email of the sent invoice, already sent. */
  deliveryId: string;
}

async function insertUser(owner: Sql, label: string): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@fixture.test`;
  await owner`insert into users (id, name, email) values (${id}, ${`${label} ${id.slice(0, 4)}`}, ${email})`;
  return { id, email };
}

/**
 * A workspace written straight into the database (fast, no password hashing): an owner, an actor
 * with the given role (a second owner when the role is owner), a member, an admin, a client and a
 * pending invitation.
 */
export async function workspaceFixture(owner: Sql, actorRole: Role, tag = "fx"): Promise<WorkspaceFixture> {
  // Dates come from the app clock (a test may have pinned it), never from the database's wall clock.
  const issued = today();
  const due = addDays(issued, 30);
  const at = now().toISOString();
  const workspaceId = randomUUID();
  const name = `${tag} ${workspaceId.slice(0, 8)}`;
  await owner`insert into workspaces (id, name, slug) values (${workspaceId}, ${name}, ${`${tag}-${workspaceId}`})`;
  const users = {
    owner: await insertUser(owner, "owner"),
    actor: await insertUser(owner, `actor-${actorRole}`),
    member: await insertUser(owner, "member"),
    admin: await insertUser(owner, "admin"),
  };
  const roles: [keyof typeof users, Role][] = [
    ["owner", "owner"],
    ["actor", actorRole],
    ["member", "member"],
    ["admin", "admin"],
  ];
  for (const [key, role] of roles) {
    await owner`insert into members (id, organization_id, user_id, role) values (${randomUUID()}, ${workspaceId}, ${users[key].id}, ${role})`;
  }
  const [client] = await owner<{ id: string }[]>`
    insert into clients (workspace_id, name, currency, street, city, postcode, country_code, vat_id, endpoint_id, endpoint_scheme)
    values (${workspaceId}, 'Fixture Client', 'EUR', 'Hauptstraße 5', 'Berlin', '10115', 'DE', 'DE123456789', 'DE123456789', '9930') returning id`;
  // The seller's e-invoicing details (EN 16931), so the sent invoice can be exported as UBL and CII.
  await owner`
    insert into invoice_settings (workspace_id, sender_street, sender_city, sender_postcode, sender_country_code, sender_vat_id,
                                  sender_endpoint_id, sender_endpoint_scheme)
    values (${workspaceId}, '1 Rue de la Paix', 'Paris', '75002', 'FR', 'FR12345678901', '12345678900012', '0009')`;
  const invitationId = randomUUID();
  await owner`
    insert into invitations (id, organization_id, email, role, status, inviter_id, token_hash, expires_at)
    values (${invitationId}, ${workspaceId}, ${`invitee-${invitationId.slice(0, 8)}@fixture.test`}, 'member', 'pending',
            ${users.owner.id}, ${hashToken(randomBytes(32).toString("base64url"))}, ${at}::timestamptz + interval '7 days')`;
  const [spare] = await owner<{ id: string }[]>`
    insert into clients (workspace_id, name, currency) values (${workspaceId}, 'Spare Client', 'USD') returning id`;
  const [rate] = await owner<{ id: string }[]>`
    insert into tax_rates (workspace_id, name, rate_milli_percent) values (${workspaceId}, 'VAT 20%', 20000) returning id`;
  const [draft] = await owner<{ id: string }[]>`
    insert into invoices (workspace_id, client_id, status, currency, issue_date, due_date, subtotal_minor, total_minor, balance_due_minor)
    values (${workspaceId}, ${client!.id}, 'draft', 'EUR', ${issued}, ${due}, 10000, 10000, 0) returning id`;
  await owner`insert into invoice_lines (workspace_id, invoice_id, position, description, quantity_milli, unit_price_minor, net_minor, tax_minor)
              values (${workspaceId}, ${draft!.id}, 1, 'Consulting', 1000, 10000, 10000, 0)`;
  const [sent] = await owner<{ id: string }[]>`
    insert into invoices (workspace_id, client_id, number, status, currency, issue_date, due_date, subtotal_minor, total_minor, amount_paid_minor, balance_due_minor, sent_at, buyer_reference)
    values (${workspaceId}, ${client!.id}, 'INV-0001', 'sent', 'EUR', ${issued}, ${due}, 10000, 10000, 1000, 9000, ${at}::timestamptz, 'FIXTURE-REF') returning id`;
  // Untaxed, as zero-rated (Z) for e-invoices.
  await owner`insert into invoice_lines (workspace_id, invoice_id, position, description, quantity_milli, unit_price_minor, net_minor, tax_minor, vat_category)
              values (${workspaceId}, ${sent!.id}, 1, 'Design', 1000, 10000, 10000, 0, 'Z')`;
  const [payment] = await owner<{ id: string }[]>`
    insert into payments (workspace_id, invoice_id, amount_minor, paid_on, method) values (${workspaceId}, ${sent!.id}, 1000, ${issued}, 'cash') returning id`;
  const [delivery] = await owner<{ id: string }[]>`
    insert into invoice_deliveries (workspace_id, invoice_id, recipients, subject, body, sender_name, status, attempts, sent_at, created_by, created_by_label, created_at)
    values (${workspaceId}, ${sent!.id}, ${["billing@fixture.test"]}, 'Invoice INV-0001', 'Hello {link}', ${name}, 'sent', 1, ${at}::timestamptz,
            ${users.owner.id}, 'fixture', ${at}::timestamptz) returning id`;
  const [apiKey] = await owner<{ id: string }[]>`
    insert into api_keys (organization_id, name, prefix, key_hash, role, created_by)
    values (${workspaceId}, 'Fixture key', 'wl_live_fixt', ${hashToken(randomBytes(32).toString("base64url"))}, 'member', ${users.owner.id}) returning id`;
  return {
    apiKeyId: apiKey!.id,
    deliveryId: delivery!.id,
    spareClientId: spare!.id,
    taxRateId: rate!.id,
    draftInvoiceId: draft!.id,
    sentInvoiceId: sent!.id,
    paymentId: payment!.id,
    workspaceId,
    name,
    today: issued,
    owner: await resolveTenant(asUserId(users.owner.id), workspaceId),
    actor: await resolveTenant(asUserId(users.actor.id), workspaceId),
    memberUserId: users.member.id,
    adminUserId: users.admin.id,
    clientId: client!.id,
    invitationId,
  };
}

/** Everything a workspace owns, for before/after comparisons. */
export async function workspaceSnapshot(owner: Sql, workspaceId: string) {
  const [ws] = await owner`select name, slug from workspaces where id = ${workspaceId}`;
  return {
    workspace: ws,
    members: await owner`select user_id, role from members where organization_id = ${workspaceId} order by user_id`,
    invitations:
      await owner`select id, email, role, status, token_hash, expires_at from invitations where organization_id = ${workspaceId} order by id`,
    clients: await owner`select * from clients where workspace_id = ${workspaceId} order by id`,
    audit: await owner`select id, action from audit_events where workspace_id = ${workspaceId} order by id`,
    taxRates: await owner`select * from tax_rates where workspace_id = ${workspaceId} order by id`,
    invoices: await owner`select * from invoices where workspace_id = ${workspaceId} order by id`,
    lines: await owner`select * from invoice_lines where workspace_id = ${workspaceId} order by id`,
    payments: await owner`select * from payments where workspace_id = ${workspaceId} order by id`,
    settings: await owner`select * from invoice_settings where workspace_id = ${workspaceId}`,
    apiKeys: await owner`select id, name, role, revoked_at from api_keys where organization_id = ${workspaceId} order by id`,
  };
}
