import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { bearerSecurity, errorResponses, IdParam, iso, json, jsonBody, listOf } from "@/platform/http-kit/openapi";
import { apiInput } from "@/platform/http-kit/api-schema";
import * as clients from "./clients.service";
import { createClientInput, listClientsQuery, updateClientInput, type ClientDto } from "./clients.schemas";

export const Client = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    billing_address: z.string().nullable(),
    tax_id: z.string().nullable(),
    street: z.string().nullable(),
    city: z.string().nullable(),
    postcode: z.string().nullable(),
    country_code: z.string().nullable(),
    vat_id: z.string().nullable(),
    endpoint_id: z.string().nullable(),
    endpoint_scheme: z.string().nullable(),
    currency: z.string().openapi({ example: "EUR" }),
    notes: z.string().nullable(),
    archived_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Client");

export function clientToApi(c: ClientDto): z.infer<typeof Client> {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    billing_address: c.billingAddress,
    tax_id: c.taxId,
    street: c.street,
    city: c.city,
    postcode: c.postcode,
    country_code: c.countryCode,
    vat_id: c.vatId,
    endpoint_id: c.endpointId,
    endpoint_scheme: c.endpointScheme,
    currency: c.currency,
    notes: c.notes,
    archived_at: iso(c.archivedAt),
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

const CreateClient = apiInput(createClientInput, "CreateClient");
const UpdateClient = apiInput(updateClientInput, "UpdateClient");
const ListClients = apiInput(listClientsQuery);

const tags = ["Clients"];

export function registerClientRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "client.read",
      method: "get",
      path: "/api/v1/clients",
      operationId: "listClients",
      tags,
      security: bearerSecurity,
      request: { query: ListClients },
      responses: { 200: json(listOf(Client, "ClientList"), "Clients, newest first"), ...errorResponses },
    },
    async (c) => {
      const page = await clients.listClients(c.get("tenant"), c.req.valid("query"));
      return c.json({ data: page.items.map(clientToApi), next_cursor: page.nextCursor }, 200);
    },
  );

  api.operation(
    {
      permission: "client.create",
      method: "post",
      path: "/api/v1/clients",
      operationId: "createClient",
      tags,
      security: bearerSecurity,
      request: jsonBody(CreateClient),
      responses: { 201: json(Client, "Created"), ...errorResponses },
    },
    async (c) => c.json(clientToApi(await clients.createClient(c.get("tenant"), c.req.valid("json"))), 201),
  );

  api.operation(
    {
      permission: "client.read",
      method: "get",
      path: "/api/v1/clients/{id}",
      operationId: "getClient",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 200: json(Client, "The client"), ...errorResponses },
    },
    async (c) => c.json(clientToApi(await clients.getClient(c.get("tenant"), c.req.valid("param").id)), 200),
  );

  api.operation(
    {
      permission: "client.update",
      method: "patch",
      path: "/api/v1/clients/{id}",
      operationId: "updateClient",
      tags,
      security: bearerSecurity,
      request: { params: IdParam, ...jsonBody(UpdateClient) },
      responses: { 200: json(Client, "Updated"), ...errorResponses },
    },
    async (c) => c.json(clientToApi(await clients.updateClient(c.get("tenant"), c.req.valid("param").id, c.req.valid("json"))), 200),
  );

  api.operation(
    {
      permission: "client.delete",
      method: "delete",
      path: "/api/v1/clients/{id}",
      operationId: "deleteClient",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    },
    async (c) => {
      await clients.deleteClient(c.get("tenant"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
