import { createHash, randomBytes } from "node:crypto";
import { featureRefusal, workspacePlan } from "@/modules/plans/plans.service";
import { assertCan, isRole, ROLE_RANK, type Role } from "@/platform/permissions";
import { withIdentity, type TenantContext } from "@/platform/db/tenant";
import { AppError } from "@/platform/errors";
import { parseInput } from "@/platform/validation";
import { now } from "@/lib/clock";
import { asUserId, asWorkspaceId, isUuid } from "@/lib/ids";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { API_KEY_PREFIX, createApiKeyInput, type ApiKeyDto, type CreateApiKeyFields } from "./api-keys.schemas";
import { pageInMemory, pageOnlyQuery, type CursorPage, type PageOnlyQuery } from "@/platform/pagination";
import * as repo from "./api-keys.repo";

/** How long a looked-up key is trusted without asking the database again (documented in the README). */
export const API_KEY_CACHE_MS = 10_000;
const LAST_USED_RESOLUTION_MS = 60_000;

function hashKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A page of the keys, oldest first (they are few: read whole, paged here). */
export async function listApiKeysPage(ctx: TenantContext, query: PageOnlyQuery): Promise<CursorPage<ApiKeyDto>> {
  const q = parseInput(pageOnlyQuery, query);
  const all = await listApiKeys(ctx);
  return pageInMemory("api-keys", all, (k) => ({ createdAt: k.createdAt, id: k.id }), q.limit, q.cursor);
}

export async function listApiKeys(ctx: TenantContext): Promise<ApiKeyDto[]> {
  assertCan(ctx, "api_key.read");
  return withIdentity(ctx, (t) => repo.listApiKeys(t));
}

/** Creates a key acting as a role no higher than the creator's; the secret is returned once, never stored. */
export async function createApiKey(ctx: TenantContext, input: CreateApiKeyFields): Promise<{ apiKey: ApiKeyDto; secret: string }> {
  assertCan(ctx, "api_key.create");
  const v = parseInput(createApiKeyInput, input);
  if (ROLE_RANK[v.role] > ROLE_RANK[ctx.role]) throw new AppError("forbidden", "A key cannot act with a role above your own");
  if (v.expiresAt && v.expiresAt.getTime() <= now().getTime()) {
    throw new AppError("validation_failed", "The expiry must be in the future", { expiresAt: ["The expiry must be in the future"] });
  }
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const { plan } = await workspacePlan(ctx.workspaceId);
  if (!plan.features.apiAccess) throw featureRefusal(plan, "apiAccess");
  const apiKey = await withIdentity(ctx, async (t) => {
    const created = await repo.insertApiKey(t, {
      name: v.name,
      prefix: secret.slice(0, API_KEY_PREFIX.length + 4),
      keyHash: hashKey(secret),
      role: v.role,
      createdBy: ctx.userId,
      expiresAt: v.expiresAt,
    });
    await recordAuditEvent(t, ctx, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: created.id,
      detail: { name: v.name, role: v.role },
    });
    return created;
  });
  return { apiKey, secret };
}

export async function revokeApiKey(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx, "api_key.revoke");
  if (!isUuid(id)) throw AppError.notFound("API key");
  const revoked = await withIdentity(ctx, async (t) => {
    const found = await repo.findApiKeyInWorkspace(t, id);
    if (!found) throw AppError.notFound("API key");
    if (found.revokedAt) throw new AppError("conflict", "This API key is already revoked");
    const row = await repo.revokeApiKey(t, id, now());
    if (!row) throw new AppError("conflict", "This API key is already revoked");
    await recordAuditEvent(t, ctx, { action: "api_key.revoked", targetType: "api_key", targetId: id, detail: { name: row.name } });
    return row;
  });
  cache.delete(revoked.keyHash);
}

export interface ApiKeyPrincipal extends TenantContext {
  readonly apiKeyId: string;
  readonly workspaceName: string;
}

interface CacheEntry {
  at: number;
  principal: ApiKeyPrincipal | null;
  expiresAt: number | null;
  lastUsedAt: number;
}

const cache = new Map<string, CacheEntry>();

/**
 * The tenant context of a bearer key, or null for an unknown, revoked or expired key, or one whose
 * creator left the workspace. The key's role is capped by its creator's current role. Lookups are
 * cached for API_KEY_CACHE_MS: a key revoked in this process fails at once, elsewhere within that time.
 */
export async function authenticateApiKey(secret: string): Promise<ApiKeyPrincipal | null> {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return null;
  const keyHash = hashKey(secret);
  const at = now().getTime();
  const hit = cache.get(keyHash);
  if (hit && at - hit.at < API_KEY_CACHE_MS) return validAt(hit, at);
  const row = await withIdentity({ apiKeyHash: keyHash }, (s) => repo.findByHash(s, keyHash));
  let principal: ApiKeyPrincipal | null = null;
  if (row && !row.revokedAt && row.creatorRole && isRole(row.creatorRole) && isRole(row.role)) {
    const role: Role = ROLE_RANK[row.role] <= ROLE_RANK[row.creatorRole] ? row.role : row.creatorRole;
    principal = {
      userId: asUserId(row.createdBy),
      workspaceId: asWorkspaceId(row.workspaceId),
      role,
      actorLabel: `API key "${row.name}" (${row.prefix}…)`,
      apiKeyId: row.id,
      workspaceName: row.workspaceName,
    };
  }
  const entry: CacheEntry = { at, principal, expiresAt: row?.expiresAt?.getTime() ?? null, lastUsedAt: row?.lastUsedAt?.getTime() ?? 0 };
  if (cache.size > 10_000) cache.clear();
  cache.set(keyHash, entry);
  return validAt(entry, at);
}

function validAt(entry: CacheEntry, at: number): ApiKeyPrincipal | null {
  const p = entry.principal;
  if (!p) return null;
  if (entry.expiresAt !== null && entry.expiresAt <= at) return null;
  if (at - entry.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    entry.lastUsedAt = at;
    // Recorded at most once a minute per key, off the request's path.
    withIdentity(p, (t) => repo.touchLastUsed(t, p.apiKeyId, new Date(at))).catch(() => {});
  }
  return p;
}

/**
 * The members service calls this when someone's membership or role changes: their keys are looked up
 * afresh on the next request in this process (other instances within API_KEY_CACHE_MS).
 */
export function forgetCachedKeysOf(workspaceId: string, userId: string): void {
  for (const [hash, entry] of cache) {
    if (entry.principal?.workspaceId === workspaceId && entry.principal.userId === userId) cache.delete(hash);
  }
}
