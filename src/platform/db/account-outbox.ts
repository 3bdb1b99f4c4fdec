import { connect } from "./client";

export interface AccountOutboxRow {
  id: string;
  toAddress: string;
  subject: string;
  kind: string;
  bodySealed: string;
  createdAt: Date;
}

/**
 * For the operator's CLI (`npm run outbox`): the newest kept account emails, read as the database
 * owner (the app's roles may only append them), optionally only those to one address.
 */
export async function readAccountOutbox(ownerUrl: string, filter: { to?: string; limit: number }): Promise<AccountOutboxRow[]> {
  const sql = connect(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<AccountOutboxRow[]>`
      select id, to_address as "toAddress", subject, kind, body_sealed as "bodySealed", created_at as "createdAt"
      from account_emails
      where ${filter.to ? sql`lower(to_address) = ${filter.to}` : sql`true`}
      order by created_at desc, id
      limit ${filter.limit}`;
  } finally {
    await sql.end();
  }
}
