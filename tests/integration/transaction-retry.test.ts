import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { TRANSACTION_ATTEMPTS, withTenant, withIdentity } from "@/platform/db/tenant";
import { toProblem } from "@/platform/errors";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";

/**
 * Serialization failures and deadlocks are retried inside the tenant layer: the whole unit of work
 * runs again (after a jittered pause), and only a conflict that outlives every attempt reaches the
 * caller — as 503 with Retry-After, never a 500.
 */
const owner = ownerSql();
afterAll(() => owner.end());

let fx: WorkspaceFixture;
let secondRateId: string;

beforeAll(async () => {
  fx = await workspaceFixture(owner, "owner", "retry");
  const [row] = await owner<
    { id: string }[]
  >`insert into tax_rates (workspace_id, name, rate_milli_percent) values (${fx.workspaceId}, 'Second', 5000) returning id`;
  secondRateId = row!.id;
});

const PgError = postgres.PostgresError as unknown as new (fields: Record<string, string>) => Error;
const pgError = (code: string) => new PgError({ message: `simulated ${code}`, code, severity: "ERROR" });

describe("retrying transactions", () => {
  it("a real deadlock between two units of work: PostgreSQL aborts one, it runs again, both commit", async () => {
    let attempts = 0;
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((resolve) => (release = resolve));
    const bump = (id: string) =>
      sql`update tax_rates set rate_milli_percent = rate_milli_percent + 1 where workspace_id = ${fx.workspaceId} and id = ${id}`;
    const unit = (first: string, second: string) =>
      withTenant(fx.actor, async (t) => {
        attempts += 1;
        await t.db.execute(bump(first));
        // Both transactions hold their first row before either asks for the other's: a deadlock.
        if (++arrived === 2) release();
        await bothLocked;
        await t.db.execute(bump(second));
        return "committed";
      });
    const results = await Promise.all([unit(fx.taxRateId, secondRateId), unit(secondRateId, fx.taxRateId)]);
    expect(results).toEqual(["committed", "committed"]);
    expect(attempts).toBe(3);
    const rows = await owner<
      { rate_milli_percent: number }[]
    >`select rate_milli_percent from tax_rates where id in (${fx.taxRateId}, ${secondRateId}) order by name desc`;
    // Each row was bumped once by each unit of work that committed, and never by the aborted attempt.
    expect(rows.map((r) => r.rate_milli_percent)).toEqual([20_002, 5_002]);
  });

  it("a serialization failure is retried until the unit of work succeeds, with what it did rolled back each time", async () => {
    let attempts = 0;
    const name = `Retried ${fx.workspaceId.slice(0, 6)}`;
    const result = await withTenant(fx.actor, async (t) => {
      attempts += 1;
      await t.db.execute(sql`insert into tax_rates (workspace_id, name, rate_milli_percent) values (${fx.workspaceId}, ${name}, 1000)`);
      if (attempts < TRANSACTION_ATTEMPTS) throw pgError(attempts % 2 === 0 ? "40P01" : "40001");
      return attempts;
    });
    expect(result).toBe(TRANSACTION_ATTEMPTS);
    const [row] = await owner<
      { n: number }[]
    >`select count(*)::int as n from tax_rates where workspace_id = ${fx.workspaceId} and name = ${name}`;
    expect(row!.n).toBe(1);
  });

  it("a conflict that outlives every attempt is a 503 with Retry-After", async () => {
    let attempts = 0;
    const err = await withTenant(fx.actor, async () => {
      attempts += 1;
      throw pgError("40001");
    }).catch((e: unknown) => e);
    expect(attempts).toBe(TRANSACTION_ATTEMPTS);
    const problem = toProblem(err);
    expect(problem.status).toBe(503);
    expect(problem.headers["Retry-After"]).toBe("1");
  });

  it("other errors are not retried", async () => {
    let attempts = 0;
    await withTenant(fx.actor, async () => {
      attempts += 1;
      throw pgError("23505");
    }).catch(() => {});
    expect(attempts).toBe(1);
  });

  it("membership transactions (the auth pool) retry the same way", async () => {
    let attempts = 0;
    const result = await withIdentity(fx.actor, async () => {
      attempts += 1;
      if (attempts === 1) throw pgError("40P01");
      return "done";
    });
    expect(result).toBe("done");
    expect(attempts).toBe(2);
  });
});
