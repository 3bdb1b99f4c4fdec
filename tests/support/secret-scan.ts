import type { Sql } from "postgres";

/**
 * Every place in the database where one of `secrets` appears in plain text: each text, JSON, or
 * bytea column of every table in the schema, read as the owner (no row-level security in the way).
 * Answers "table.column contains <the first characters of the secret>" lines; empty means none.
 */
export async function plaintextSecretsAtRest(owner: Sql, secrets: string[]): Promise<string[]> {
  const wanted = secrets.filter((s) => s.length >= 8);
  if (wanted.length === 0) throw new Error("no secrets to look for");
  const columns = await owner<{ table: string; column: string; type: string }[]>`
    select c.table_name as table, c.column_name as column, c.data_type as type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
    order by 1, 2`;
  const hits: string[] = [];
  for (const { table, column, type } of columns) {
    for (const secret of wanted) {
      const rows =
        type === "bytea"
          ? await owner`select 1 from ${owner(table)} where position(${Buffer.from(secret, "utf8")} in ${owner(column)}) > 0 limit 1`
          : await owner`select 1 from ${owner(table)} where strpos(${owner(column)}::text, ${secret}) > 0 limit 1`;
      if (rows.length > 0) hits.push(`${table}.${column} contains ${secret.slice(0, 12)}…`);
    }
  }
  return hits;
}
