import { z } from "zod";
import { roleSchema } from "@/modules/members/members.schemas";
import { displayText } from "@/modules/workspaces/workspaces.schemas";

export const API_KEY_PREFIX = "wl_live_";

export const createApiKeyInput = z.strictObject({
  name: displayText("Name", 100),
  role: roleSchema,
  expiresAt: z.iso
    .datetime({ offset: true, error: "Use an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z" })
    .nullish()
    .transform((v) => (v ? new Date(v) : null)),
});

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
