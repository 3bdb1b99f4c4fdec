import { z } from "zod";
import { roleSchema } from "@/modules/members/members.schemas";
import { displayText } from "@/modules/workspaces/workspaces.schemas";
import { isoDateTime } from "@/lib/schemas";

export const API_KEY_PREFIX = "wl_live_";

export const createApiKeyInput = z.strictObject({
  name: displayText("Name", 100),
  role: roleSchema,
  expiresAt: isoDateTime.nullish().transform((v) => (v ? new Date(v) : null)),
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
