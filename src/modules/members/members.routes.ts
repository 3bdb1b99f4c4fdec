import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { apiText } from "@/lib/schemas";
import { bearerSecurity, errorResponses, json, jsonBody, listOf } from "@/platform/http-kit/openapi";
import { apiInput } from "@/platform/http-kit/api-schema";
import { pageOnlyQuery } from "@/platform/pagination";
import { changeRoleInput } from "./members.schemas";
import { ROLES } from "@/platform/permissions";
import { AppError } from "@/platform/errors";
import * as members from "./members.service";
import type { MemberDto } from "./members.schemas";

export const Member = z
  .object({ user_id: z.string(), name: z.string(), email: z.string(), role: z.enum(ROLES), joined_at: z.string() })
  .openapi("Member");

function memberToApi(m: MemberDto): z.infer<typeof Member> {
  return { user_id: m.userId, name: m.name, email: m.email, role: m.role as (typeof ROLES)[number], joined_at: m.joinedAt.toISOString() };
}

const UserParam = z.object({
  user_id: apiText(200)
    .min(1)
    .openapi({ param: { name: "user_id", in: "path" } }),
});
const tags = ["Members"];

export function registerMemberRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "member.read",
      method: "get",
      path: "/api/v1/members",
      operationId: "listMembers",
      tags,
      security: bearerSecurity,
      request: { query: apiInput(pageOnlyQuery) },
      responses: { 200: json(listOf(Member, "MemberList"), "Members, by joining date"), ...errorResponses },
    },
    async (c) => {
      const page = await members.listMembersPage(c.get("tenant"), c.req.valid("query"));
      return c.json({ data: page.items.map(memberToApi), next_cursor: page.nextCursor }, 200);
    },
  );
  api.operation(
    {
      permission: "member.change_role",
      method: "patch",
      path: "/api/v1/members/{user_id}",
      operationId: "changeMemberRole",
      tags,
      security: bearerSecurity,
      description: "No escalation: nobody grants a role above their own; admins manage members only; the last owner stays.",
      request: { params: UserParam, ...jsonBody(apiInput(changeRoleInput, "ChangeMemberRole")) },
      responses: { 200: json(Member, "The member with the new role"), ...errorResponses },
    },
    async (c) => {
      const ctx = c.get("tenant");
      const { user_id } = c.req.valid("param");
      await members.changeMemberRole(ctx, user_id, c.req.valid("json"));
      const member = (await members.listMembers(ctx)).find((m) => m.userId === user_id);
      // Removed by someone else between the change and this read: as gone as any missing member.
      if (!member) throw AppError.notFound("Member");
      return c.json(memberToApi(member), 200);
    },
  );
  api.operation(
    {
      permission: "member.remove",
      method: "delete",
      path: "/api/v1/members/{user_id}",
      operationId: "removeMember",
      tags,
      security: bearerSecurity,
      request: { params: UserParam },
      responses: { 204: { description: "Removed" }, ...errorResponses },
    },
    async (c) => {
      await members.removeMember(c.get("tenant"), c.req.valid("param").user_id);
      return c.body(null, 204);
    },
  );
}
