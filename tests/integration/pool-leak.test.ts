import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { tenantQuery, withTenant } from "@/platform/db/tenant";
import { rawTenantPool as tenantPool } from "../support/pools";
import { asWorkspaceId, type WorkspaceId } from "@/lib/ids";
import { ownerSql } from "../support/auth-client";

const owner = ownerSql();
afterAll(() => owner.end());

const WORKSPACES = 24;
const OPERATIONS = 2_400;
const CONCURRENCY = 40; // the pool has DB_POOL_MAX=5 connections (tests/setup/env.ts)

const workspaces: { id: WorkspaceId; clients: number }[] = [];

class Rollback extends Error {}

beforeAll(async () => {
  expect(Number(process.env.DB_POOL_MAX)).toBeLessThan(CONCURRENCY);
  for (let i = 0; i < WORKSPACES; i++) {
    const id = randomUUID();
    await owner`insert into workspaces (id, name, slug) values (${id}, ${`Pool ${i}`}, ${`pool-${i}-${id.slice(0, 8)}`})`;
    const clients = (i % 7) + 1;
    for (let c = 0; c < clients; c++) {
      await owner`insert into clients (workspace_id, name, currency) values (${id}, ${`Pool ${i} client ${c}`}, 'EUR')`;
    }
    workspaces.push({ id: asWorkspaceId(id), clients });
  }
});

describe("pooled connections never carry one workspace into another's request", () => {
  it(`${OPERATIONS} interleaved operations for ${WORKSPACES} workspaces over a small pool`, async () => {
    const foreignRows: string[] = [];
    const wrongCounts: string[] = [];
    const tally = { reads: 0, updates: 0, rolledBack: 0, unscopedOutside: 0 };
    let next = 0;

    async function operation(n: number) {
      const ws = workspaces[(n * 7919) % WORKSPACES]!;
      switch (n % 4) {
        case 0: {
          // Half through the pipelined single-statement read, half through a full tenant transaction.
          const rows =
            n % 8 === 0
              ? await tenantQuery<{ workspace_id: string }>({ workspaceId: ws.id }, sql`select workspace_id from clients`)
              : await withTenant({ workspaceId: ws.id }, (t) =>
                  t.db.execute<{ workspace_id: string }>(sql`select workspace_id from clients`),
                );
          for (const r of rows) if (r.workspace_id !== ws.id) foreignRows.push(`${ws.id} saw ${r.workspace_id}`);
          if (rows.length !== ws.clients) wrongCounts.push(`${ws.id}: ${rows.length} != ${ws.clients}`);
          tally.reads++;
          break;
        }
        case 1: {
          const res = await withTenant({ workspaceId: ws.id }, (t) => t.db.execute(sql`update clients set notes = ${`op ${n}`}`));
          if (res.count !== ws.clients) wrongCounts.push(`update in ${ws.id}: ${res.count} != ${ws.clients}`);
          tally.updates++;
          break;
        }
        case 2: {
          // A transaction that fails midway, after writing: nothing of it may survive, nor its setting.
          await withTenant({ workspaceId: ws.id }, async (t) => {
            await t.db.execute(sql`insert into clients (workspace_id, name, currency) values (${ws.id}, 'doomed', 'EUR')`);
            throw new Rollback();
          }).catch((e: unknown) => {
            if (!(e instanceof Rollback)) throw e;
          });
          tally.rolledBack++;
          break;
        }
        default: {
          // Outside any tenant transaction, on the same pool: a leaked setting would show rows here.
          const rows = await tenantPool().execute<{ workspace_id: string }>(sql`select workspace_id from clients`);
          for (const r of rows) foreignRows.push(`no-context query saw ${r.workspace_id}`);
          tally.unscopedOutside++;
        }
      }
    }

    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < OPERATIONS) await operation(next++);
      }),
    );

    expect(foreignRows).toEqual([]);
    expect(wrongCounts).toEqual([]);
    expect(tally).toEqual({ reads: OPERATIONS / 4, updates: OPERATIONS / 4, rolledBack: OPERATIONS / 4, unscopedOutside: OPERATIONS / 4 });
    const [doomed] = await owner<{ n: number }[]>`select count(*)::int as n from clients where name = 'doomed'`;
    expect(doomed!.n).toBe(0);
    for (const ws of workspaces) {
      const [row] = await owner<{ n: number }[]>`select count(*)::int as n from clients where workspace_id = ${ws.id}`;
      expect(row!.n).toBe(ws.clients);
    }
  });
});
