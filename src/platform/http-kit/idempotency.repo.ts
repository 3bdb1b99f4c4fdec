import { and, eq, lt, sql } from "drizzle-orm";
import { idempotencyKeys } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";

/** One caller's key for one operation: the row's primary key beside the workspace. */
export interface IdempotencyScope {
  principal: string;
  method: string;
  path: string;
  key: string;
}

const inScope = (t: TenantScope, s: IdempotencyScope) =>
  and(
    eq(idempotencyKeys.workspaceId, t.workspaceId),
    eq(idempotencyKeys.principal, s.principal),
    eq(idempotencyKeys.method, s.method),
    eq(idempotencyKeys.path, s.path),
    eq(idempotencyKeys.key, s.key),
  );

/** Drops the workspace's answers older than `expiredBefore`, and this key's claim if it was abandoned before `staleBefore`. */
export async function purgeExpired(t: TenantScope, s: IdempotencyScope, expiredBefore: Date, staleBefore: Date): Promise<void> {
  await t.db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, t.workspaceId), lt(idempotencyKeys.createdAt, expiredBefore)));
  await t.db
    .delete(idempotencyKeys)
    .where(and(inScope(t, s), sql`${idempotencyKeys.status} is null`, lt(idempotencyKeys.createdAt, staleBefore)));
}

/** Claims the key for a first execution (at `at`, from the app clock); false when a row for it exists already. */
export async function claim(t: TenantScope, s: IdempotencyScope, requestHash: string, at: Date): Promise<boolean> {
  const inserted = await t.db
    .insert(idempotencyKeys)
    .values({ workspaceId: t.workspaceId, ...s, requestHash, createdAt: at })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return inserted.length > 0;
}

export async function findStored(
  t: TenantScope,
  s: IdempotencyScope,
): Promise<{ requestHash: string; status: number | null; sealedBody: string | null } | undefined> {
  const [row] = await t.db
    .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, sealedBody: idempotencyKeys.responseBody })
    .from(idempotencyKeys)
    .where(inScope(t, s));
  return row;
}

export async function storeAnswer(t: TenantScope, s: IdempotencyScope, status: number, sealedBody: string): Promise<void> {
  await t.db.update(idempotencyKeys).set({ status, responseBody: sealedBody }).where(inScope(t, s));
}

export async function release(t: TenantScope, s: IdempotencyScope): Promise<void> {
  await t.db.delete(idempotencyKeys).where(inScope(t, s));
}
