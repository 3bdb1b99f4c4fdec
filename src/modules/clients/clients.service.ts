import type { z } from "@hono/zod-openapi";
import { assertWithinLimit } from "@/modules/plans/plans.service";
import { assertCan } from "@/platform/permissions";
import { AppError, type FieldErrors } from "@/platform/errors";
import { endpointPairProblems } from "@/lib/einvoice-schemas";
import { parseInput } from "@/platform/validation";
import { withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { isUuid } from "@/lib/ids";
import { recordAuditEvent } from "@/modules/audit/audit.service";
import { cursorPage, decodeCursor, invalidCursor, type CursorPage } from "@/platform/pagination";
import {
  createClientInput,
  listClientsQuery,
  updateClientInput,
  type ClientChoice,
  type ClientDto,
  type ListClientsQuery,
  type UpdateClientInput,
} from "./clients.schemas";
import * as repo from "./clients.repo";

/** An electronic address and its scheme come together (the result of the change, for an update). */
function throwUnlessEndpointPaired(v: { endpointId?: string | null; endpointScheme?: string | null }): void {
  const problems = endpointPairProblems(v.endpointId, v.endpointScheme);
  const errors: FieldErrors = {};
  if (problems.id) errors.endpointId = [problems.id];
  if (problems.scheme) errors.endpointScheme = [problems.scheme];
  if (Object.keys(errors).length > 0) throw new AppError("validation_failed", "Some fields are not valid", errors);
}

function found(client: ClientDto | undefined): ClientDto {
  if (!client) throw AppError.notFound("Client");
  return client;
}

/** Newest first, keyset-paged after the cursor: for the API and the clients page. */
export async function listClients(ctx: TenantContext, query: z.input<typeof listClientsQuery>): Promise<CursorPage<ClientDto>> {
  assertCan(ctx, "client.read");
  const q = parseInput(listClientsQuery, query);
  // Newest first (the default) signs no order, so cursors made before the list was sortable stay valid.
  const ordering = q.sort === "created_at" && q.dir === "desc" ? undefined : `${q.sort}:${q.dir}`;
  const after = decodeCursor("clients", q.cursor, ordering);
  if (after && repo.sortNeedsKey(q.sort) && typeof after.key !== "string") throw invalidCursor();
  const rows = await withTenant(ctx, (t) => repo.listClientsAfter(t, q, after, q.limit));
  const page = cursorPage("clients", rows, q.limit, ordering ? { ordering, keyOf: (r) => r.sortKey } : undefined);
  return { items: page.items.map(({ sortKey: _key, ...client }) => client), nextCursor: page.nextCursor };
}

/** How many clients a list query matches (all its pages). */
export async function countClients(ctx: TenantContext, query: Pick<z.input<typeof listClientsQuery>, "q" | "status">): Promise<number> {
  assertCan(ctx, "client.read");
  const q = parseInput(listClientsQuery, query);
  return withTenant(ctx, (t) => repo.countClients(t, q));
}

/** The first clients by name (at most 500), for select lists (the invoice editor and filters). */
export async function clientChoices(ctx: TenantContext, status: ListClientsQuery["status"]): Promise<ClientChoice[]> {
  assertCan(ctx, "client.read");
  return withTenant(ctx, (t) => repo.clientChoices(t, status, 500));
}

export async function getClient(ctx: TenantContext, id: string): Promise<ClientDto> {
  assertCan(ctx, "client.read");
  if (!isUuid(id)) throw AppError.notFound("Client");
  return found(await withTenant(ctx, (t) => repo.findClient(t, id)));
}

export async function createClient(ctx: TenantContext, input: z.input<typeof createClientInput>): Promise<ClientDto> {
  assertCan(ctx, "client.create");
  const values = parseInput(createClientInput, input);
  throwUnlessEndpointPaired(values);
  return withTenant(ctx, async (t) => {
    await assertWithinLimit(t, "clients");
    const client = await repo.insertClient(t, values);
    await recordAuditEvent(t, ctx, { action: "client.created", targetType: "client", targetId: client.id, detail: { name: client.name } });
    return client;
  });
}

/** Changes the given fields and, with `archived`, archives or restores — in one transaction with the audit events. */
export async function updateClient(ctx: TenantContext, id: string, input: z.input<typeof updateClientInput>): Promise<ClientDto> {
  assertCan(ctx, "client.update");
  const values = parseInput(updateClientInput, input);
  if (values.archived !== undefined) assertCan(ctx, "client.archive");
  return applyClientChange(ctx, id, values);
}

export async function archiveClient(ctx: TenantContext, id: string, archived = true): Promise<ClientDto> {
  assertCan(ctx, "client.archive");
  return applyClientChange(ctx, id, { archived });
}

/** The one write path for a client's changes; callers have checked the permissions for what they change. */
async function applyClientChange(ctx: TenantContext, id: string, values: UpdateClientInput): Promise<ClientDto> {
  if (!isUuid(id)) throw AppError.notFound("Client");
  const { archived, ...fields } = values;
  return withTenant(ctx, async (t) => {
    const before = found(await repo.findClient(t, id));
    throwUnlessEndpointPaired({ ...before, ...fields });
    // The form sends every field: the audit log names only those whose value changed.
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => (fields[k] ?? null) !== (before[k] ?? null));
    let client = changed.length > 0 ? found(await repo.updateClient(t, id, fields)) : before;
    if (changed.length > 0) {
      await recordAuditEvent(t, ctx, {
        action: "client.updated",
        targetType: "client",
        targetId: id,
        detail: { fields: changed, name: client.name },
      });
    }
    if (archived !== undefined) {
      client = found(await repo.setClientArchived(t, id, archived));
      await recordAuditEvent(t, ctx, {
        action: archived ? "client.archived" : "client.restored",
        targetType: "client",
        targetId: id,
        detail: { name: client.name },
      });
    }
    return client;
  });
}

export async function deleteClient(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx, "client.delete");
  if (!isUuid(id)) throw AppError.notFound("Client");
  await withTenant(ctx, async (t) => {
    const client = found(await repo.findClient(t, id));
    if (await repo.hasInvoices(t, id)) {
      throw new AppError("conflict", "This client has invoices, which must be kept; archive the client instead");
    }
    if (!(await repo.deleteClient(t, id))) throw AppError.notFound("Client");
    await recordAuditEvent(t, ctx, { action: "client.deleted", targetType: "client", targetId: id, detail: { name: client.name } });
  });
}

/** Inside another module's tenant transaction: this workspace's client, or undefined. */
export async function clientInScope(t: TenantScope, id: string): Promise<ClientDto | undefined> {
  if (!isUuid(id)) return undefined;
  return repo.findClient(t, id);
}

/** Names of the clients with these ids that still exist (for showing records that mention them, e.g. the audit log). */
export async function clientNames(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, string>> {
  assertCan(ctx, "client.read");
  const valid = [...new Set(ids.filter(isUuid))];
  const rows = await withTenant(ctx, (t) => repo.clientNamesByIds(t, valid));
  return new Map(rows.map((r) => [r.id, r.name]));
}
