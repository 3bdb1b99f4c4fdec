import { assertCan } from "@/server/auth/permissions";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import { withTenant, type TenantContext } from "@/server/db/tenant";
import { isUuid } from "@/lib/ids";
import {
  createClientInput,
  listClientsQuery,
  updateClientInput,
  type ClientDto,
  type ClientPage,
} from "./clients.schemas";
import * as repo from "./clients.repo";

function found(client: ClientDto | undefined): ClientDto {
  if (!client) throw AppError.notFound("Client");
  return client;
}

export async function listClients(ctx: TenantContext, query: unknown): Promise<ClientPage> {
  assertCan(ctx, "client.read");
  const q = parseInput(listClientsQuery, query);
  const { items, total } = await withTenant(ctx, (t) => repo.listClients(t, q));
  return { items, total, page: q.page, pageSize: q.pageSize, pageCount: Math.max(1, Math.ceil(total / q.pageSize)) };
}

export async function getClient(ctx: TenantContext, id: string): Promise<ClientDto> {
  assertCan(ctx, "client.read");
  if (!isUuid(id)) throw AppError.notFound("Client");
  return found(await withTenant(ctx, (t) => repo.findClient(t, id)));
}

export async function createClient(ctx: TenantContext, input: unknown): Promise<ClientDto> {
  assertCan(ctx, "client.create");
  const values = parseInput(createClientInput, input);
  return withTenant(ctx, (t) => repo.insertClient(t, values));
}

export async function updateClient(ctx: TenantContext, id: string, input: unknown): Promise<ClientDto> {
  assertCan(ctx, "client.update");
  if (!isUuid(id)) throw AppError.notFound("Client");
  const values = parseInput(updateClientInput, input);
  return found(await withTenant(ctx, (t) => repo.updateClient(t, id, values)));
}

export async function archiveClient(ctx: TenantContext, id: string, archived = true): Promise<ClientDto> {
  assertCan(ctx, "client.archive");
  if (!isUuid(id)) throw AppError.notFound("Client");
  return found(await withTenant(ctx, (t) => repo.setClientArchived(t, id, archived)));
}

export async function deleteClient(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx, "client.delete");
  if (!isUuid(id)) throw AppError.notFound("Client");
  const deleted = await withTenant(ctx, (t) => repo.deleteClient(t, id));
  if (!deleted) throw AppError.notFound("Client");
}
