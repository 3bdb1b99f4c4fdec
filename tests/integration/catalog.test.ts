import { afterAll, describe, expect, it } from "vitest";
import { ownerSql } from "../support/auth-client";
import { tenantTableNames, tenantTableViolations } from "../support/catalog";
import { AUTH_ROLE, JOBS_ROLE, JOBS_SCHEMA, TENANT_ROLE } from "@/platform/db/roles";

const owner = ownerSql();
afterAll(() => owner.end());

const IDENTITY_TABLES = ["users", "sessions", "accounts", "verifications", "workspaces", "members", "invitations"];

describe("catalog: every tenant table is walled in", () => {
  it("finds the tenant tables", async () => {
    expect(await tenantTableNames(owner)).toContain("clients");
  });

  it("has forced RLS, a complete policy, a workspace-led primary key, composite foreign keys and workspace-led indexes", async () => {
    expect(await tenantTableViolations(owner)).toEqual([]);
  });

  it("catches a tenant table added without them", async () => {
    let problems: string[] = [];
    await owner
      .begin(async (tx) => {
        await tx.unsafe(`
          create table throwaway_tenant (id uuid primary key, workspace_id text not null, client_id uuid);
          create table throwaway_child (workspace_id text not null, id uuid, parent_id uuid references throwaway_tenant(id), primary key (workspace_id, id));
          alter table throwaway_child enable row level security;
          create policy half on throwaway_child using (workspace_id = (select nullif(current_setting('app.workspace_id', true), '')));`);
        problems = await tenantTableViolations(tx);
        throw new Error("rollback");
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error) || e.message !== "rollback") throw e;
      });
    expect(problems).toEqual(
      expect.arrayContaining([
        "throwaway_tenant: row-level security is not enabled",
        "throwaway_tenant: row-level security is not forced",
        "throwaway_tenant: no policy for all commands with USING and WITH CHECK on app.workspace_id",
        "throwaway_tenant: primary key does not start with workspace_id",
        "throwaway_child: row-level security is not forced",
        "throwaway_child: no policy for all commands with USING and WITH CHECK on app.workspace_id",
        expect.stringMatching(/^throwaway_child: foreign key .* is not composite on workspace_id$/),
      ]),
    );
    expect(await tenantTableNames(owner)).not.toContain("throwaway_tenant");
  });

  it("gives the app's roles neither superuser nor BYPASSRLS, and each only its own tables", async () => {
    const roles = await owner<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }[]>`
      select rolname, rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname in ${owner([TENANT_ROLE, AUTH_ROLE])} order by rolname`;
    expect(roles).toEqual([
      { rolname: AUTH_ROLE, rolsuper: false, rolbypassrls: false, rolcanlogin: true },
      { rolname: TENANT_ROLE, rolsuper: false, rolbypassrls: false, rolcanlogin: true },
    ]);
    const tenantTables = await tenantTableNames(owner);
    for (const table of tenantTables) {
      const [p] = await owner<{ tenant: boolean; auth: boolean }[]>`
        select has_table_privilege(${TENANT_ROLE}, ${table}, 'SELECT') as tenant, has_table_privilege(${AUTH_ROLE}, ${table}, 'SELECT') as auth`;
      expect({ table, ...p }).toEqual({ table, tenant: true, auth: false });
    }
    for (const table of IDENTITY_TABLES) {
      const [p] = await owner<{ tenant: boolean; auth: boolean }[]>`
        select has_table_privilege(${TENANT_ROLE}, ${table}, 'SELECT') as tenant, has_table_privilege(${AUTH_ROLE}, ${table}, 'SELECT') as auth`;
      expect({ table, ...p }).toEqual({ table, tenant: false, auth: true });
    }
  });

  it("gives the job queue's role its own schema and no table of the app, and it cannot create schemas", async () => {
    const [role] = await owner<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }[]>`
      select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = ${JOBS_ROLE}`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: true });
    const [schema] = await owner<{ owner: string; create_db: boolean }[]>`
      select pg_get_userbyid(nspowner) as owner, has_database_privilege(${JOBS_ROLE}, current_database(), 'CREATE') as create_db
      from pg_namespace where nspname = ${JOBS_SCHEMA}`;
    expect(schema).toEqual({ owner: JOBS_ROLE, create_db: false });
    const foreign = await owner<{ table: string }[]>`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and (has_table_privilege(${JOBS_ROLE}, c.oid, 'SELECT') or has_table_privilege(${JOBS_ROLE}, c.oid, 'INSERT'))`;
    expect(foreign).toEqual([]);
    const [queueTables] = await owner<{ n: number }[]>`
      select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${JOBS_SCHEMA} and c.relkind in ('r', 'p') and pg_get_userbyid(c.relowner) <> ${JOBS_ROLE}`;
    expect(queueTables!.n).toBe(0);
  });

  it("connects the app's pools as those roles", async () => {
    const { tenantSql, authDb } = await import("@/platform/db/client");
    const { sql } = await import("drizzle-orm");
    const [t] = await tenantSql()<{ u: string }[]>`select current_user as u`;
    const [a] = await authDb().execute<{ u: string }>(sql`select current_user as u`);
    expect([t?.u, a?.u]).toEqual([TENANT_ROLE, AUTH_ROLE]);
  });
});
