import { and, desc, eq, isNull } from "drizzle-orm";
import { apiKeys, members, users, workspaces } from "@/platform/db/schema";
import type { IdentityScope, TenantScope } from "@/platform/db/tenant";
import type { ApiKeyDto } from "./api-keys.schemas";

const listColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  createdById: apiKeys.createdBy,
  createdByName: users.name,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
};

function toDto(r: { createdById: string; createdByName: string } & Omit<ApiKeyDto, "createdBy">): ApiKeyDto {
  const { createdById, createdByName, ...rest } = r;
  return { ...rest, createdBy: { userId: createdById, name: createdByName } };
}

export async function listApiKeys(t: TenantScope): Promise<ApiKeyDto[]> {
  const rows = await t.db
    .select(listColumns)
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.organizationId, t.workspaceId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(toDto);
}

export async function insertApiKey(
  t: TenantScope,
  v: { name: string; prefix: string; keyHash: string; role: string; createdBy: string; expiresAt: Date | null },
): Promise<ApiKeyDto> {
  const [row] = await t.db
    .insert(apiKeys)
    .values({ ...v, organizationId: t.workspaceId })
    .returning({ id: apiKeys.id });
  const [created] = (await listApiKeys(t)).filter((k) => k.id === row!.id);
  return created!;
}

export async function revokeApiKey(t: TenantScope, id: string, at: Date): Promise<{ keyHash: string; name: string } | undefined> {
  const [row] = await t.db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.organizationId, t.workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ keyHash: apiKeys.keyHash, name: apiKeys.name });
  return row;
}

export async function findApiKeyInWorkspace(t: TenantScope, id: string) {
  const [row] = await t.db
    .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.organizationId, t.workspaceId), eq(apiKeys.id, id)));
  return row;
}

/**
 * The key of this hash with its creator's current membership role (null when they left the workspace).
 * Runs bound to the hash (withIdentity({ apiKeyHash })): row-level security shows that one key only.
 */
export async function findByHash(s: IdentityScope, keyHash: string) {
  const [row] = await s.db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.organizationId,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      createdBy: apiKeys.createdBy,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      creatorRole: members.role,
      workspaceName: workspaces.name,
    })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.organizationId))
    .leftJoin(members, and(eq(members.organizationId, apiKeys.organizationId), eq(members.userId, apiKeys.createdBy)))
    .where(eq(apiKeys.keyHash, keyHash));
  return row;
}

export async function touchLastUsed(t: TenantScope, id: string, at: Date): Promise<void> {
  await t.db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.organizationId, t.workspaceId), eq(apiKeys.id, id)));
}
