/** Branded ids: a workspace id cannot be passed where a user id is expected, or the reverse. */
export type WorkspaceId = string & { readonly __brand: "WorkspaceId" };
export type UserId = string & { readonly __brand: "UserId" };

export const asWorkspaceId = (id: string): WorkspaceId => id as WorkspaceId;
export const asUserId = (id: string): UserId => id as UserId;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resource ids in URLs are uuids; anything else is simply not found (never a 500 from a bad cast). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
