import type { Sql, TransactionSql } from "postgres";

type Query = Sql | TransactionSql;

/**
 * Reads the catalog and lists every way a table with a `workspace_id` column falls short of the
 * tenant-table rules (ARCHITECTURE.md, "Schema conventions"). Empty means every tenant table is sound.
 */
/**
 * Indexes that must not lead with workspace_id, each for a lookup that starts from a credential
 * rather than a workspace: the public invoice link's token hash is how a visitor with no session finds
 * the one invoice it opens (docs/architecture.md, "The public invoice link"). On a sharded cluster this
 * lookup needs its own table keyed by the hash; that belongs to the scale-out issue.
 */
const LOOKUP_INDEXES = new Set(["invoice_links_token_hash_key"]);

export async function tenantTableViolations(sql: Query): Promise<string[]> {
  const problems: string[] = [];
  const tables = await sql<{ oid: number; name: string; rls: boolean; forced: boolean }[]>`
    select c.oid::int as oid, c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`;
  const tenantOids = new Set(tables.map((t) => t.oid));
  for (const t of tables) {
    if (!t.rls) problems.push(`${t.name}: row-level security is not enabled`);
    if (!t.forced) problems.push(`${t.name}: row-level security is not forced`);
    const policies = await sql<{ name: string; cmd: string; qual: string | null; check: string | null }[]>`
      select polname as name, polcmd::text as cmd,
             pg_get_expr(polqual, polrelid) as qual, pg_get_expr(polwithcheck, polrelid) as check
      from pg_policy where polrelid = ${t.oid}`;
    const complete = policies.filter(
      (p) =>
        p.cmd === "*" &&
        p.qual?.includes("workspace_id") &&
        p.qual.includes("app.workspace_id") &&
        p.check?.includes("workspace_id") &&
        p.check.includes("app.workspace_id"),
    );
    if (complete.length === 0) problems.push(`${t.name}: no policy for all commands with USING and WITH CHECK on app.workspace_id`);
    const [pk] = await sql<{ first: string | null }[]>`
      select (select attname from pg_attribute where attrelid = con.conrelid and attnum = con.conkey[1]) as first
      from pg_constraint con where con.conrelid = ${t.oid} and con.contype = 'p'`;
    if (!pk) problems.push(`${t.name}: no primary key`);
    else if (pk.first !== "workspace_id") problems.push(`${t.name}: primary key does not start with workspace_id`);
    const fks = await sql<{ name: string; target: number; cols: string[]; refcols: string[] }[]>`
      select con.conname as name, con.confrelid::int as target,
        array(select attname::text from unnest(con.conkey) with ordinality k(n, i) join pg_attribute on attrelid = con.conrelid and attnum = k.n order by k.i) as cols,
        array(select attname::text from unnest(con.confkey) with ordinality k(n, i) join pg_attribute on attrelid = con.confrelid and attnum = k.n order by k.i) as refcols
      from pg_constraint con where con.conrelid = ${t.oid} and con.contype = 'f'`;
    for (const fk of fks) {
      if (!tenantOids.has(fk.target)) continue;
      const i = fk.cols.indexOf("workspace_id");
      if (i < 0 || fk.refcols[i] !== "workspace_id" || fk.cols.length < 2) {
        problems.push(`${t.name}: foreign key ${fk.name} to another tenant table is not composite on workspace_id`);
      }
    }
    const indexes = await sql<{ name: string; first: string | null }[]>`
      select ic.relname as name, (select attname from pg_attribute where attrelid = i.indrelid and attnum = i.indkey[0]) as first
      from pg_index i join pg_class ic on ic.oid = i.indexrelid where i.indrelid = ${t.oid}`;
    for (const idx of indexes) {
      if (idx.first !== "workspace_id" && !LOOKUP_INDEXES.has(idx.name))
        problems.push(`${t.name}: index ${idx.name} does not lead with workspace_id`);
    }
  }
  return problems;
}

export async function tenantTableNames(sql: Query): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select c.relname as name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
  return rows.map((r) => r.name);
}
