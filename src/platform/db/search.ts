import { sql, type SQL } from "drizzle-orm";

/**
 * The pattern of a substring search, as SQL: the term without accents (the same
 * `public.workledger_unaccent` the trigram indexes of the migration `search` use), its LIKE wildcards
 * and escape character made literal, between `%`. Folding comes first and escaping second, so no
 * character the folding produces can act as a wildcard. Compare with `ilike` against
 * `public.workledger_unaccent(column)` (or a column without accents, such as an email or a number).
 */
export function containsPattern(term: string): SQL {
  const folded = sql`public.workledger_unaccent(${term}::text)`;
  return sql`'%' || replace(replace(replace(${folded}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
}
