import { inject } from "vitest";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "@/platform/db/schema";
import { resolveTenant, type ResolvedTenant } from "@/modules/workspaces/workspaces.service";
import { asUserId } from "@/lib/ids";
import { signUp, type SignedUp } from "./auth-client";

export interface TestTenant extends ResolvedTenant {
  signedUp: SignedUp;
}

/** A fresh user with their own workspace (through the real sign-up), as the tenant context they act in. */
export async function newTenant(workspaceName = "Tenant"): Promise<TestTenant> {
  const signedUp = await signUp({ workspaceName });
  const ctx = await resolveTenant(asUserId(signedUp.userId), signedUp.workspaceId);
  return { ...ctx, signedUp };
}

/** Drizzle over a superuser connection: RLS does not apply, so only the application's own filters remain. */
export function ownerDrizzle() {
  const client = postgres(inject("db").owner, { max: 2, onnotice: () => {} });
  return { db: drizzle({ client, schema }), end: () => client.end() };
}
