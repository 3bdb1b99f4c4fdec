import { createHash, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { withIdentity } from "@/platform/db/tenant";
import { authDb } from "@/platform/db/client";
import { asWorkspaceId, type WorkspaceId } from "@/lib/ids";
import { now } from "@/lib/clock";

const addDays = (at: Date, days: number) => new Date(at.getTime() + days * 86_400_000);
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";

/*
 * api_keys and invitations under forced row-level security (migration 0014): the auth role sees the
 * rows of the workspace its transaction is bound to, or the one row of the credential hash it is bound
 * to, and nothing at all without a binding.
 */
const owner = ownerSql();
afterAll(() => owner.end());

const TABLES = ["api_keys", "invitations"] as const;
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

let a: WorkspaceFixture;
let b: WorkspaceFixture;
const keyHash: Record<string, string> = {};
const tokenHash: Record<string, string> = {};

async function addKeyAndInvitation(fx: WorkspaceFixture) {
  const secret = `wl_live_${randomBytes(32).toString("base64url")}`;
  keyHash[fx.workspaceId] = sha(secret);
  await owner`insert into api_keys (organization_id, name, prefix, key_hash, role, created_by)
              values (${fx.workspaceId}, 'walls', ${secret.slice(0, 12)}, ${sha(secret)}, 'member', ${fx.owner.userId})`;
  const token = randomBytes(32).toString("base64url");
  tokenHash[fx.workspaceId] = sha(token);
  await owner`insert into invitations (id, organization_id, email, role, status, inviter_id, token_hash, expires_at)
              values (${randomUUID()}, ${fx.workspaceId}, ${`walls-${randomUUID().slice(0, 8)}@fixture.test`}, 'member', 'pending',
                      ${fx.owner.userId}, ${sha(token)}, ${addDays(now(), 7).toISOString()}::timestamptz)`;
}

async function pgCode(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "should have failed").toBeInstanceOf(Error);
  const cause = (err as Error & { cause?: { code?: string } }).cause;
  return cause?.code ?? (err as { code?: string }).code;
}

const workspacesSeen = (table: string, binding: Parameters<typeof withIdentity>[0]) =>
  withIdentity(binding, async (s) =>
    (await s.db.execute<{ w: string }>(sql.raw(`select organization_id as w from ${table}`))).map((r) => r.w),
  );

beforeAll(async () => {
  a = await workspaceFixture(owner, "owner", "walls");
  b = await workspaceFixture(owner, "owner", "walls");
  await addKeyAndInvitation(a);
  await addKeyAndInvitation(b);
});

describe("identity tables fail closed", () => {
  it("have forced row-level security", async () => {
    const rows = await owner<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[]>`
      select relname, relrowsecurity, relforcerowsecurity from pg_class where relname in ${owner([...TABLES])} order by relname`;
    expect(rows).toEqual(TABLES.map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true })));
  });

  it.each(TABLES)("%s: nothing is visible on the auth pool without a binding, nor with none", async (table) => {
    expect(await authDb().execute(sql.raw(`select * from ${table}`))).toHaveLength(0);
    expect(await workspacesSeen(table, { workspaceId: null })).toEqual([]);
  });

  it.each(TABLES)("%s: a bound workspace sees its own rows only", async (table) => {
    for (const fx of [a, b]) {
      const seen = await workspacesSeen(table, { workspaceId: asWorkspaceId(fx.workspaceId) });
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set([fx.workspaceId]));
    }
  });

  it.each(TABLES)("%s: another workspace's rows can be neither changed nor created", async (table) => {
    const changed = await withIdentity({ workspaceId: asWorkspaceId(a.workspaceId) }, (t) =>
      t.db.execute(sql.raw(`update ${table} set organization_id = organization_id where organization_id = '${b.workspaceId}'`)),
    );
    expect(changed.count).toBe(0);
    const forged =
      table === "api_keys"
        ? sql`insert into api_keys (organization_id, name, prefix, key_hash, role, created_by)
              values (${b.workspaceId}, 'forged', 'wl_live_xxxx', ${sha(randomUUID())}, 'owner', ${a.owner.userId})`
        : sql`insert into invitations (id, organization_id, email, role, status, inviter_id, token_hash, expires_at)
              values (${randomUUID()}, ${b.workspaceId}, 'forged@fixture.test', 'owner', 'pending', ${a.owner.userId}, ${sha(randomUUID())}, ${now().toISOString()}::timestamptz)`;
    expect(await pgCode(withIdentity({ workspaceId: asWorkspaceId(a.workspaceId) }, (t) => t.db.execute(forged)))).toBe("42501");
  });

  it("a credential binding shows the one row of that hash, read only, and any other hash shows nothing", async () => {
    const [keyRow] = await withIdentity({ apiKeyHash: keyHash[a.workspaceId]! }, (s) =>
      s.db.execute<{ w: string }>(sql`select organization_id as w from api_keys`),
    );
    expect(keyRow?.w).toBe(a.workspaceId);
    const [invitation] = await withIdentity({ invitationTokenHash: tokenHash[b.workspaceId]! }, (s) =>
      s.db.execute<{ w: string }>(sql`select organization_id as w from invitations`),
    );
    expect(invitation?.w).toBe(b.workspaceId);
    const revoked = await withIdentity({ apiKeyHash: keyHash[a.workspaceId]! }, (s) =>
      s.db.execute(sql`update api_keys set revoked_at = ${now().toISOString()}::timestamptz`),
    );
    expect(revoked.count).toBe(0);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 80 })), async (guess) => {
        fc.pre(guess.length > 0 && !Object.values(keyHash).includes(guess) && !Object.values(tokenHash).includes(guess));
        expect(await workspacesSeen("api_keys", { apiKeyHash: guess })).toEqual([]);
        expect(await workspacesSeen("invitations", { invitationTokenHash: guess })).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it("an unset or spent binding matches nothing, and the binding dies with its transaction", async () => {
    const ws: WorkspaceId = asWorkspaceId(a.workspaceId);
    await withIdentity({ workspaceId: ws }, async () => undefined);
    const [row] = await authDb().execute<{ v: string | null }>(sql`select current_setting('app.workspace_id', true) as v`);
    expect(row!.v === null || row!.v === "").toBe(true);
    expect(await authDb().execute(sql`select * from api_keys`)).toHaveLength(0);
  });
});
