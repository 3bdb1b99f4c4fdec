import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant } from "@/platform/db/tenant";
import { asWorkspaceId } from "@/lib/ids";
import { ownerSql } from "../support/auth-client";
import { tenantTableNames } from "../support/catalog";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";

/**
 * Every table with a workspace_id, read from the catalog (so a new tenant table is covered without
 * touching this file): an unscoped SELECT inside A's tenant transaction returns exactly A's rows.
 */
const owner = ownerSql();
afterAll(() => owner.end());

let a: WorkspaceFixture;
let b: WorkspaceFixture;
let tables: string[] = [];

async function addRowsEverywhere(fx: WorkspaceFixture) {
  await owner`insert into invoice_settings (workspace_id) values (${fx.workspaceId}) on conflict do nothing`;
  await owner`insert into outbox_emails (workspace_id, to_address, subject, kind, audience_role, body_sealed) values (${fx.workspaceId}, 'x@y.test', 'Hello', 'invitation', 'member', 'v1.x.y')`;
  await owner`insert into idempotency_keys (workspace_id, principal, method, path, key, request_hash, status, response_body) values (${fx.workspaceId}, 'user:fixture', 'POST', '/api/v1/clients', 'k-1', 'h', 201, 'v1.x.y')`;
  await owner`insert into audit_events (workspace_id, action, actor_label, target_type) values (${fx.workspaceId}, 'client.created', 'fixture', 'client')`;
  await owner`insert into backfill_progress (workspace_id, backfill, status, started_at, updated_at) values (${fx.workspaceId}, 'invoice-totals', 'done', ${fx.today}::timestamptz, ${fx.today}::timestamptz)`;
  await owner`insert into workspace_plans (workspace_id, plan, source, updated_at) values (${fx.workspaceId}, 'business', 'admin', ${fx.today}::timestamptz)`;
  await owner`insert into billing_events (workspace_id, event_id, type, received_at) values (${fx.workspaceId}, ${`evt_${fx.workspaceId}`}, 'customer.subscription.updated', ${fx.today}::timestamptz)`;
  await owner`insert into job_effects (workspace_id, job, effect_key, job_id) values (${fx.workspaceId}, 'invoices.overdue', '2026-01-01T00:00:00.000Z', 'j-1')`;
  await owner`insert into invoice_links (workspace_id, invoice_id, token_hash, token_sealed) values (${fx.workspaceId}, ${fx.sentInvoiceId}, ${`every-${fx.workspaceId}`}, 'v1.x.y')`;
  await owner`insert into job_failures (workspace_id, job, job_id, attempts, error) values (${fx.workspaceId}, 'invoices.overdue', ${`j-${fx.workspaceId}`}, 5, 'boom')`;
  await owner`insert into email_templates (workspace_id, kind, subject, message) values (${fx.workspaceId}, 'invoice', 'Invoice {invoice_number}', 'Hello')`;
  const [delivery] = await owner<{ id: string }[]>`
    insert into invoice_deliveries (workspace_id, invoice_id, recipients, subject, body, sender_name, created_by_label)
    values (${fx.workspaceId}, ${fx.sentInvoiceId}, ${["client@fixture.test"]}, 'Invoice', 'Hello', 'Sender', 'fixture') returning id`;
  const [rule] = await owner<{ id: string }[]>`
    insert into reminder_rules (workspace_id, offset_days, subject, message) values (${fx.workspaceId}, 7, 'Reminder', 'Hello') returning id`;
  await owner`insert into invoice_reminders (workspace_id, invoice_id, rule_id, offset_days, due_on, status, delivery_id)
              values (${fx.workspaceId}, ${fx.sentInvoiceId}, ${rule!.id}, 7, ${fx.today}, 'queued', ${delivery!.id})`;
  await owner`insert into invoice_delivery_attempts (workspace_id, delivery_id, attempt, outcome, error, job_id) values (${fx.workspaceId}, ${delivery!.id}, 1, 'failed', 'boom', 'j-1')`;
}

beforeAll(async () => {
  a = await workspaceFixture(owner, "owner", "every-a");
  b = await workspaceFixture(owner, "owner", "every-b");
  await addRowsEverywhere(a);
  await addRowsEverywhere(b);
  tables = await tenantTableNames(owner);
});

describe("every tenant table is filtered by the database on its own", () => {
  it("has rows of both workspaces in every tenant table (so the check below means something)", async () => {
    expect(tables.length).toBeGreaterThanOrEqual(9);
    for (const table of tables) {
      const [row] = await owner.unsafe<{ a: number; b: number }[]>(
        `select count(*) filter (where workspace_id = $1)::int as a, count(*) filter (where workspace_id = $2)::int as b from ${table}`,
        [a.workspaceId, b.workspaceId],
      );
      expect({ table, hasA: row!.a > 0, hasB: row!.b > 0 }).toEqual({ table, hasA: true, hasB: true });
    }
  });

  it("an unscoped SELECT in A's tenant transaction returns exactly A's rows, table by table", async () => {
    for (const table of tables) {
      const [expected] = await owner.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table} where workspace_id = $1`, [
        a.workspaceId,
      ]);
      const rows = await withTenant({ workspaceId: asWorkspaceId(a.workspaceId) }, (t) =>
        t.db.execute<{ workspace_id: string }>(sql`select workspace_id from ${sql.identifier(table)}`),
      );
      expect({ table, count: rows.length, foreign: rows.filter((r) => r.workspace_id !== a.workspaceId).length }).toEqual({
        table,
        count: expected!.n,
        foreign: 0,
      });
    }
  });
});
