import { afterAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { AppError } from "@/platform/errors";
import { withTenant } from "@/platform/db/tenant";
import { authDb } from "@/platform/db/client";
import * as clients from "@/modules/clients/clients.service";
import * as members from "@/modules/members/members.service";
import { listAuditEvents } from "@/modules/audit/audit.service";
import { deleteWorkspace, renameWorkspace, getWorkspaceSettings } from "@/modules/workspaces/workspaces.service";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, workspaceSnapshot } from "../support/fixtures";

const owner = ownerSql();
afterAll(() => owner.end());

async function pgError(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "should have failed").toBeInstanceOf(Error);
  return ((err as Error).cause as { message?: string } | undefined)?.message ?? (err as Error).message;
}

describe("audit events", () => {
  it("records who did what to which target, newest first, paginated", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const c = await clients.createClient(fx.actor, { name: "Audited", currency: "EUR" });
    await clients.updateClient(fx.actor, c.id, { name: "Audited Again" });
    await clients.archiveClient(fx.actor, c.id);
    await clients.archiveClient(fx.actor, c.id, false);
    await clients.deleteClient(fx.actor, c.id);
    await members.changeMemberRole(fx.actor, fx.memberUserId, { role: "admin" });
    const page = await listAuditEvents(fx.actor, { limit: 4 });
    expect(page.items.map((e) => e.action)).toEqual(["member.role_changed", "client.deleted", "client.restored", "client.archived"]);
    const rest = await listAuditEvents(fx.actor, { limit: 4, cursor: page.nextCursor! });
    expect(rest.items.map((e) => e.action)).toEqual(["client.updated", "client.created"]);
    expect(rest.nextCursor).toBeNull();
    const all = await listAuditEvents(fx.actor, { limit: 100 });
    const created = all.items.find((e) => e.action === "client.created")!;
    expect(created).toMatchObject({ actorUserId: fx.actor.userId, targetType: "client", targetId: c.id, detail: { name: "Audited" } });
    expect(created.actorLabel).toMatch(/^actor-owner .+ <actor-owner-.+@fixture\.test>$/);
    expect((await listAuditEvents(fx.actor, { action: "client.updated" })).items.map((e) => e.detail)).toEqual([
      { fields: ["name"], name: "Audited Again" },
    ]);
    await expect(listAuditEvents(fx.actor, { action: "made.up" as "client.created" })).rejects.toBeInstanceOf(AppError);
  });

  it("a failing change leaves no audit row, and a failing audit insert undoes the change", async () => {
    const fx = await workspaceFixture(owner, "owner");
    await expect(clients.createClient(fx.actor, { name: "", currency: "EUR" })).rejects.toBeInstanceOf(AppError);
    await expect(members.leaveWorkspace(fx.owner)).resolves.toBeUndefined(); // two owners: fine, audited
    await expect(members.leaveWorkspace(fx.actor)).rejects.toMatchObject({ code: "conflict" }); // now the last owner
    expect((await workspaceSnapshot(owner, fx.workspaceId)).audit.map((a) => a.action)).toEqual(["member.left"]);

    await owner.unsafe(`
      create or replace function fail_audit_insert() returns trigger language plpgsql as $$
      begin if new.detail->>'name' = 'Audit Breaks' then raise exception 'forced audit failure'; end if; return new; end $$;
      drop trigger if exists fail_audit_insert on audit_events;
      create trigger fail_audit_insert before insert on audit_events for each row execute function fail_audit_insert();`);
    try {
      await expect(clients.createClient(fx.actor, { name: "Audit Breaks", currency: "EUR" })).rejects.toThrow();
    } finally {
      await owner.unsafe("drop trigger if exists fail_audit_insert on audit_events; drop function if exists fail_audit_insert();");
    }
    const [row] = await owner<
      { n: number }[]
    >`select count(*)::int as n from clients where workspace_id = ${fx.workspaceId} and name = 'Audit Breaks'`;
    expect(row!.n).toBe(0);
  });

  it("cannot be rewritten or deleted by the tenant role, nor read or forged across workspaces by the auth role", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const other = await workspaceFixture(owner, "owner");
    await clients.createClient(fx.actor, { name: "History", currency: "EUR" });
    expect(await pgError(withTenant(fx.actor, (t) => t.db.execute(sql`update audit_events set action = 'client.deleted'`)))).toMatch(
      /permission denied for table audit_events/,
    );
    expect(await pgError(withTenant(fx.actor, (t) => t.db.execute(sql`delete from audit_events`)))).toMatch(
      /permission denied for table audit_events/,
    );
    expect(await pgError(authDb().execute(sql`select * from audit_events`))).toMatch(/permission denied for table audit_events/);
    const forged = authDb().transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.workspace_id', ${fx.workspaceId}, true)`);
      await tx.execute(
        sql`insert into audit_events (workspace_id, action, actor_label, target_type) values (${other.workspaceId}, 'client.deleted', 'forger', 'client')`,
      );
    });
    expect(await pgError(forged)).toMatch(/row-level security/);
    expect((await workspaceSnapshot(owner, fx.workspaceId)).audit.map((a) => a.action)).toEqual(["client.created"]);
    expect((await workspaceSnapshot(owner, other.workspaceId)).audit).toEqual([]);
  });
});

describe("workspace settings", () => {
  it("renames (owners only) and keeps the slug", async () => {
    const fx = await workspaceFixture(owner, "owner");
    const before = await getWorkspaceSettings(fx.actor);
    await renameWorkspace(fx.actor, { name: "  Brand New Name  " });
    const after = await getWorkspaceSettings(fx.actor);
    expect(after).toMatchObject({ name: "Brand New Name", slug: before.slug });
    const adminFx = await workspaceFixture(owner, "admin");
    await expect(renameWorkspace(adminFx.actor, { name: "Nope" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(renameWorkspace(fx.actor, { name: "" })).rejects.toMatchObject({ code: "validation_failed" });
    expect((await workspaceSnapshot(owner, fx.workspaceId)).audit.map((a) => a.action)).toEqual(["workspace.renamed"]);
  });

  it("deletes only after the exact name is typed, cascading to every row it owns and nothing else", async () => {
    const doomed = await workspaceFixture(owner, "owner");
    const survivor = await workspaceFixture(owner, "owner");
    await clients.createClient(doomed.actor, { name: "Going", currency: "EUR" });
    await owner`insert into outbox_emails (workspace_id, to_address, subject, kind, audience_role, body_sealed) values (${doomed.workspaceId}, 'x@y.test', 's', 'invitation', 'member', 'v1.x.y')`;
    const survivorBefore = await workspaceSnapshot(owner, survivor.workspaceId);
    const owned = async (id: string) => {
      const [r] = await owner<
        {
          clients: number;
          members: number;
          invitations: number;
          audit: number;
          outbox: number;
          invoices: number;
          lines: number;
          payments: number;
          taxRates: number;
        }[]
      >`
        select (select count(*)::int from clients where workspace_id = ${id}) as clients,
               (select count(*)::int from invoices where workspace_id = ${id}) as invoices,
               (select count(*)::int from invoice_lines where workspace_id = ${id}) as lines,
               (select count(*)::int from payments where workspace_id = ${id}) as payments,
               (select count(*)::int from tax_rates where workspace_id = ${id}) as "taxRates",
               (select count(*)::int from members where organization_id = ${id}) as members,
               (select count(*)::int from invitations where organization_id = ${id}) as invitations,
               (select count(*)::int from audit_events where workspace_id = ${id}) as audit,
               (select count(*)::int from outbox_emails where workspace_id = ${id}) as outbox`;
      return r!;
    };
    const everything = {
      clients: 3,
      members: 4,
      invitations: 1,
      audit: 1,
      outbox: 1,
      invoices: 2,
      lines: 2,
      payments: 1,
      taxRates: 1,
    };
    expect(await owned(doomed.workspaceId)).toEqual(everything);

    await expect(deleteWorkspace(doomed.actor, { confirmName: "wrong name" })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { confirmName: [expect.any(String)] },
    });
    const admin = await workspaceFixture(owner, "admin");
    await expect(deleteWorkspace(admin.actor, { confirmName: admin.name })).rejects.toMatchObject({ code: "forbidden" });
    expect(await owned(doomed.workspaceId)).toEqual(everything);

    await deleteWorkspace(doomed.actor, { confirmName: doomed.name });
    expect(await owned(doomed.workspaceId)).toEqual({
      clients: 0,
      members: 0,
      invitations: 0,
      audit: 0,
      outbox: 0,
      invoices: 0,
      lines: 0,
      payments: 0,
      taxRates: 0,
    });
    const [gone] = await owner<{ n: number }[]>`select count(*)::int as n from workspaces where id = ${doomed.workspaceId}`;
    expect(gone!.n).toBe(0);
    // Every other workspace keeps exactly its rows (clients, members, invitations, audit events).
    expect(await workspaceSnapshot(owner, survivor.workspaceId)).toEqual(survivorBefore);
  });
});
