import { z } from "@hono/zod-openapi";
import { roleSchema } from "@/modules/members/members.schemas";
import { isoDateTime, requiredText } from "@/lib/schemas";

export const API_KEY_PREFIX = "wl_live_";

export const createApiKeyInput = z.strictObject({
  name: requiredText("Name", 100),
  role: roleSchema,
  expiresAt: isoDateTime
    .meta({
      format: "date-time",
      example: "2027-01-31T00:00:00Z",
      description: "ISO 8601 with an offset or Z, from 1900 to the end of 2999 (UTC)",
    })
    .nullish()
    .transform((v) => (v ? new Date(v) : null)),
});
export type CreateApiKeyFields = z.input<typeof createApiKeyInput>;

export interface ApiKeyDto {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdBy: { userId: string; name: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}
