import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { AppError } from "@/platform/errors";
import { tenantQuery, withTenant } from "@/platform/db/tenant";
import { authDb } from "@/platform/db/client";
import { rawTenantPool as tenantPool } from "../support/pools";
import { sessionUserFromHeaders } from "@/identity/session-user";
import { resolveTenant, switchWorkspace } from "@/modules/workspaces/workspaces.service";
import * as clientsService from "@/modules/clients/clients.service";
import * as clientsRepo from "@/modules/clients/clients.repo";
import { asWorkspaceId } from "@/lib/ids";
import { ownerSql } from "../support/auth-client";
import { newTenant, ownerDrizzle, type TestTenant } from "../support/tenants";

const owner = ownerSql();
const ownerDb = ownerDrizzle();
afterAll(async () => {
  await owner.end();
  await ownerDb.end();
});

let a: TestTenant;
let b: TestTenant;
const aClients: string[] = [];
const bClients: string[] = [];

async function snapshotOf(workspaceId: string) {
  return owner`select * from clients where workspace_id = ${workspaceId} order by id`;
}

async function expectNotFound(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("not_found");
  expect((err as AppError).status).toBe(404);
}

/** Drizzle wraps the driver's error; the PostgreSQL error (code and message) is its cause. */
async function pgError(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "the statement should have failed").toBeInstanceOf(Error);
  const cause = (err as Error).cause as { code?: string; message?: string } | undefined;
  return { code: cause?.code ?? "", message: cause?.message ?? (err as Error).message };
}

const RLS_VIOLATION = { code: "42501", message: expect.stringMatching(/violates row-level security policy/) };
const PERMISSION_DENIED = { code: "42501", message: expect.stringMatching(/permission denied for table clients/) };

beforeAll(async () => {
  a = await newTenant("Wall A");
  b = await newTenant("Wall B");
  for (const name of ["Alpha One", "Alpha Two", "Alpha Three"])
    aClients.push((await clientsService.createClient(a, { name, currency: "EUR" })).id);
  for (const name of ["Beta One", "Beta Two"]) bClients.push((await clientsService.createClient(b, { name, currency: "USD" })).id);
});

describe("wall 1: the session", () => {
  it("answers 404 when the session names a workspace the user is not a member of, and changes nothing", async () => {
    const before = await snapshotOf(b.workspaceId);
    // Forge A's server-side session to point at B's workspace (what a stolen id or a bug could do).
    await owner`update sessions set active_organization_id = ${b.workspaceId} where id = ${a.signedUp.sessionId}`;
    try {
      const user = await sessionUserFromHeaders(new Headers({ cookie: a.signedUp.cookie }));
      expect(user?.activeWorkspaceId).toBe(b.workspaceId);
      await expectNotFound(resolveTenant(user!.userId, user!.activeWorkspaceId!));
    } finally {
      await owner`update sessions set active_organization_id = ${a.workspaceId} where id = ${a.signedUp.sessionId}`;
    }
    expect(await snapshotOf(b.workspaceId)).toEqual(before);
  });

  it("refuses to switch into a workspace the user does not belong to", async () => {
    await expectNotFound(switchWorkspace({ userId: a.userId, sessionId: a.signedUp.sessionId }, b.workspaceId));
    const [s] = await owner<{ active: string }[]>`select active_organization_id as active from sessions where id = ${a.signedUp.sessionId}`;
    expect(s!.active).toBe(a.workspaceId);
  });

  it("re-reads membership on every request: a removed member is out at once", async () => {
    const c = await newTenant("Wall C");
    await owner`delete from members where user_id = ${c.userId} and organization_id = ${c.workspaceId}`;
    await expectNotFound(resolveTenant(c.userId, c.workspaceId));
  });

  it("a role changed in the database is the role of the next request", async () => {
    const d = await newTenant("Wall D");
    await owner`update members set role = 'member' where user_id = ${d.userId}`;
    expect((await resolveTenant(d.userId, d.workspaceId)).role).toBe("member");
  });
});

describe("wall 2: the application", () => {
  it("treats another workspace's client id like a missing one, for every operation", async () => {
    const before = await snapshotOf(b.workspaceId);
    const foreign = bClients[0]!;
    await expectNotFound(clientsService.getClient(a, foreign));
    await expectNotFound(clientsService.updateClient(a, foreign, { name: "Hijacked" }));
    await expectNotFound(clientsService.archiveClient(a, foreign));
    await expectNotFound(clientsService.deleteClient(a, foreign));
    await expectNotFound(clientsService.getClient(a, "00000000-0000-4000-8000-000000000000"));
    await expectNotFound(clientsService.getClient(a, "not-a-uuid'; drop table clients;--"));
    expect(await snapshotOf(b.workspaceId)).toEqual(before);
  });

  it("lists exactly the caller's clients", async () => {
    const page = await clientsService.listClients(a, { status: "all", limit: 100 });
    expect(page.items).toHaveLength(3);
    expect(page.items.map((c) => c.id).sort()).toEqual([...aClients].sort());
  });

  it("filters by workspace on its own, even where RLS does not apply (superuser connection)", async () => {
    await ownerDb.db.transaction(async (tx) => {
      const scope = { db: tx, workspaceId: asWorkspaceId(a.workspaceId) };
      const listed = await clientsRepo.listClientsAfter(scope, { q: undefined, status: "all" }, undefined, 100);
      expect(await clientsRepo.countClients(scope, { status: "all" })).toBe(3);
      expect(listed.map((c) => c.id).sort()).toEqual([...aClients].sort());
      expect(await clientsRepo.findClient(scope, bClients[0]!)).toBeUndefined();
      expect(await clientsRepo.updateClient(scope, bClients[0]!, { name: "Hijacked" })).toBeUndefined();
      expect(await clientsRepo.deleteClient(scope, bClients[1]!)).toBe(false);
    });
    expect((await snapshotOf(b.workspaceId)).length).toBe(2);
  });
});

describe("wall 3: the database", () => {
  it("an unscoped query inside A's tenant transaction sees exactly A's rows", async () => {
    const rows = await withTenant(a, (t) => t.db.execute<{ workspace_id: string; id: string }>(sql`select workspace_id, id from clients`));
    expect(rows.length).toBe(3);
    expect(new Set(rows.map((r) => r.workspace_id))).toEqual(new Set([a.workspaceId]));
    const [count] = await withTenant(b, (t) => t.db.execute<{ n: number }>(sql`select count(*)::int as n from clients`));
    expect(count!.n).toBe(2);
  });

  it("WITH CHECK rejects inserting or moving a row into another workspace", async () => {
    const before = await snapshotOf(b.workspaceId);
    expect(
      await pgError(
        withTenant(a, (t) =>
          t.db.execute(sql`insert into clients (workspace_id, name, currency) values (${b.workspaceId}, 'Smuggled', 'EUR')`),
        ),
      ),
    ).toEqual(RLS_VIOLATION);
    expect(
      await pgError(withTenant(a, (t) => t.db.execute(sql`update clients set workspace_id = ${b.workspaceId} where id = ${aClients[0]!}`))),
    ).toEqual(RLS_VIOLATION);
    expect(await snapshotOf(b.workspaceId)).toEqual(before);
    expect((await snapshotOf(a.workspaceId)).length).toBe(3);
  });

  it("an unscoped update or delete in A's transaction touches only A's rows", async () => {
    const before = await snapshotOf(b.workspaceId);
    const updated = await withTenant(a, (t) => t.db.execute(sql`update clients set notes = 'touched by A'`));
    expect(updated.count).toBe(3);
    const deleted = await withTenant(a, (t) => t.db.execute(sql`delete from clients where id = ${bClients[0]!}`));
    expect(deleted.count).toBe(0);
    expect(await snapshotOf(b.workspaceId)).toEqual(before);
  });

  it("fails closed outside a tenant transaction: zero rows on the tenant pool, permission denied on the auth pool", async () => {
    const rows = await tenantPool().execute(sql`select * from clients`);
    expect(rows.length).toBe(0);
    const inserted = tenantPool().execute(
      sql`insert into clients (workspace_id, name, currency) values (${a.workspaceId}, 'No context', 'EUR')`,
    );
    expect(await pgError(inserted)).toEqual(RLS_VIOLATION);
    expect(await pgError(authDb().execute(sql`select * from clients`))).toEqual(PERMISSION_DENIED);
    const spent = await tenantPool().transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.workspace_id', '', true)`);
      return tx.execute(sql`select * from clients`);
    });
    expect(spent.length).toBe(0);
  });

  it("the single-round-trip read (tenantQuery) is walled in the same way, and a failing statement leaves nothing behind", async () => {
    const rows = await tenantQuery<{ workspace_id: string }>(a, sql`select workspace_id from clients`);
    expect(rows.length).toBe(3);
    expect(new Set(rows.map((r) => r.workspace_id))).toEqual(new Set([a.workspaceId]));
    await expect(tenantQuery(a, sql`select 1/0 as boom`)).rejects.toThrow(/division by zero/);
    const after = await tenantQuery<{ v: string | null; tx: string }>(
      b,
      sql`select current_setting('app.workspace_id', true) as v, txid_current_if_assigned()::text as tx`,
    );
    expect(after[0]!.v).toBe(b.workspaceId);
    const [outside] = await tenantPool().execute<{ v: string | null }>(sql`select current_setting('app.workspace_id', true) as v`);
    expect(outside!.v === null || outside!.v === "").toBe(true);
  });

  it("the setting dies with its transaction", async () => {
    await withTenant(a, async () => undefined);
    const [row] = await tenantPool().execute<{ v: string | null }>(sql`select current_setting('app.workspace_id', true) as v`);
    expect(row!.v === null || row!.v === "").toBe(true);
  });
});
