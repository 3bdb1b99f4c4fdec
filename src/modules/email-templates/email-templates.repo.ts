import { and, eq } from "drizzle-orm";
import { now } from "@/lib/clock";
import { emailTemplates } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { TemplateKind } from "./email-templates.schemas";

export interface StoredTemplate {
  kind: string;
  subject: string;
  message: string;
  updatedAt: Date;
}

const columns = {
  kind: emailTemplates.kind,
  subject: emailTemplates.subject,
  message: emailTemplates.message,
  updatedAt: emailTemplates.updatedAt,
};

export async function listStored(t: TenantScope): Promise<StoredTemplate[]> {
  return t.db.select(columns).from(emailTemplates).where(eq(emailTemplates.workspaceId, t.workspaceId));
}

export async function upsert(t: TenantScope, kind: TemplateKind, values: { subject: string; message: string }): Promise<StoredTemplate> {
  const at = now();
  const [row] = await t.db
    .insert(emailTemplates)
    .values({ workspaceId: t.workspaceId, kind, ...values, updatedAt: at })
    .onConflictDoUpdate({ target: [emailTemplates.workspaceId, emailTemplates.kind], set: { ...values, updatedAt: at } })
    .returning(columns);
  return row!;
}

export async function remove(t: TenantScope, kind: TemplateKind): Promise<boolean> {
  const rows = await t.db
    .delete(emailTemplates)
    .where(and(eq(emailTemplates.workspaceId, t.workspaceId), eq(emailTemplates.kind, kind)))
    .returning({ kind: emailTemplates.kind });
  return rows.length > 0;
}
