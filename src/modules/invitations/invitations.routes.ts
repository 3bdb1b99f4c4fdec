import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { bearerSecurity, errorResponses, IdParam, json, jsonBody, listOf } from "@/platform/http-kit/openapi";
import { apiInput } from "@/platform/http-kit/api-schema";
import { pageOnlyQuery } from "@/platform/pagination";
import { createInvitationInput } from "./invitations.schemas";
import { clientIp } from "@/platform/rate-limit";
import * as invitations from "./invitations.service";
import type { InvitationDto } from "./invitations.schemas";

export const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.string(),
    state: z.enum(["pending", "expired", "accepted", "revoked", "replaced"]),
    inviter_name: z.string(),
    expires_at: z.string(),
    created_at: z.string(),
  })
  .openapi("Invitation");

function invitationToApi(i: InvitationDto): z.infer<typeof Invitation> {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    state: i.state,
    inviter_name: i.inviterName,
    expires_at: i.expiresAt.toISOString(),
    created_at: i.createdAt.toISOString(),
  };
}

const SentInvitation = z
  .object({
    id: z.uuid(),
    link: z.string().openapi({ description: "Shown once: it holds the secret token" }),
    email_sent: z.boolean(),
    email_error: z.string().optional(),
  })
  .openapi("SentInvitation");
const tags = ["Invitations"];

export function registerInvitationRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "invitation.read",
      method: "get",
      path: "/api/v1/invitations",
      operationId: "listInvitations",
      tags,
      security: bearerSecurity,
      request: { query: apiInput(pageOnlyQuery) },
      responses: { 200: json(listOf(Invitation, "InvitationList"), "Pending and expired invitations"), ...errorResponses },
    },
    async (c) => {
      const page = await invitations.listInvitationsPage(c.get("tenant"), c.req.valid("query"));
      return c.json({ data: page.items.map(invitationToApi), next_cursor: page.nextCursor }, 200);
    },
  );
  api.operation(
    {
      permission: "member.invite",
      method: "post",
      path: "/api/v1/invitations",
      operationId: "createInvitation",
      tags,
      security: bearerSecurity,
      description: "Invites an email with a role no higher than yours; re-inviting replaces the pending invitation.",
      request: jsonBody(apiInput(createInvitationInput, "CreateInvitation")),
      responses: { 201: json(SentInvitation, "Invited"), ...errorResponses },
    },
    async (c) => {
      const sent = await invitations.createInvitation(c.get("tenant"), c.req.valid("json"), { ip: clientIp(c.req.raw.headers) });
      return c.json(
        { id: sent.id, link: sent.link, email_sent: sent.emailSent, ...(sent.emailError ? { email_error: sent.emailError } : {}) },
        201,
      );
    },
  );
  api.operation(
    {
      permission: "invitation.revoke",
      method: "delete",
      path: "/api/v1/invitations/{id}",
      operationId: "revokeInvitation",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 204: { description: "Revoked" }, ...errorResponses },
    },
    async (c) => {
      await invitations.revokeInvitation(c.get("tenant"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
