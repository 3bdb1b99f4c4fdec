/**
 * Plans and their limits, enforced by the services that create what they count (clients, invoices,
 * invitations, API keys, API requests). A refusal is a `plan_limit` problem (HTTP 402) whose type
 * names the limit (`…/problems/plan_limit/clients`), with the plan and the cheapest plan that lifts it.
 */
import { and, count, eq, gte, lt, sql } from "drizzle-orm";
import { clients, invoices, workspacePlans } from "@/platform/db/schema";
import { withIdentity, withTenant, type TenantContext, type TenantScope } from "@/platform/db/tenant";
import { config } from "@/platform/config";
import { assertCan } from "@/platform/permissions";
import { AppError } from "@/platform/errors";
import { now, today } from "@/lib/clock";
import type { WorkspaceId } from "@/lib/ids";
import { FEATURES, LIMIT_LABELS, PLANS, isPlanId, planThatLifts, type Feature, type Limit, type Plan, type PlanId } from "./plans";

/** An identity transaction bound to one workspace (withIdentity(ctx, …)). */
type IdentityBoundScope = Pick<TenantScope, "db" | "workspaceId">;

export interface WorkspacePlan {
  plan: Plan;
  /** `default` when the workspace has no plan of its own (DEFAULT_PLAN). */
  source: "default" | "admin" | "stripe";
  subscriptionStatus: string | null;
}

/** The workspace's plan, in its tenant transaction. */
export async function planInScope(t: TenantScope): Promise<WorkspacePlan> {
  const [row] = await t.db
    .select({ plan: workspacePlans.plan, source: workspacePlans.source, status: workspacePlans.subscriptionStatus })
    .from(workspacePlans)
    .where(eq(workspacePlans.workspaceId, t.workspaceId));
  if (!row || !isPlanId(row.plan)) return { plan: PLANS[config().DEFAULT_PLAN], source: "default", subscriptionStatus: null };
  return { plan: PLANS[row.plan], source: row.source === "stripe" ? "stripe" : "admin", subscriptionStatus: row.status };
}

function refusal(plan: Plan, what: Limit | Feature, message: string, countNow = 0): AppError {
  return new AppError("plan_limit", message, undefined, {
    problem: { typeSuffix: what, members: { limit: what, plan: plan.id, lifted_by: planThatLifts(what, countNow) } },
  });
}

export function featureRefusal(plan: Plan, feature: Feature): AppError {
  const lifts = planThatLifts(feature);
  return refusal(
    plan,
    feature,
    `${LIMIT_LABELS[feature]} is not included in the ${plan.name} plan${lifts ? `; the ${PLANS[lifts].name} plan includes it` : ""}`,
  );
}

/** The first and next month's first instant (UTC) of the app clock's month. */
function thisMonth(): { from: Date; to: Date } {
  const [y, m] = today().split("-").map(Number) as [number, number];
  return { from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
}

const COUNTERS: Record<"clients" | "invoicesPerMonth", (t: TenantScope) => Promise<number>> = {
  async clients(t) {
    const [r] = await t.db.select({ n: count() }).from(clients).where(eq(clients.workspaceId, t.workspaceId));
    return r?.n ?? 0;
  },
  async invoicesPerMonth(t) {
    const { from, to } = thisMonth();
    const [r] = await t.db
      .select({ n: count() })
      .from(invoices)
      .where(and(eq(invoices.workspaceId, t.workspaceId), gte(invoices.createdAt, from), lt(invoices.createdAt, to)));
    return r?.n ?? 0;
  },
};

/**
 * Refuses one more of `limit` when the plan's maximum is reached, inside the transaction that creates
 * it. Creations of the same kind in one workspace take turns (a transaction-scoped advisory lock), so
 * two at once cannot both take the last one.
 */
export async function assertWithinLimit(t: TenantScope, limit: "clients" | "invoicesPerMonth"): Promise<void> {
  const { plan } = await planInScope(t);
  const max = plan.limits[limit];
  if (max === null) return;
  await t.db.execute(sql`select pg_advisory_xact_lock(hashtext(${t.workspaceId}), hashtext(${`plan:${limit}`}))`);
  const n = await COUNTERS[limit](t);
  if (n >= max) {
    throw refusal(
      plan,
      limit,
      `The ${plan.name} plan allows ${max} ${limit === "clients" ? "clients" : "new invoices a month"}; this workspace has ${n}`,
      n,
    );
  }
}

/** The workspace's plan, read in a tenant transaction of its own (for checks made in identity transactions). */
export async function workspacePlan(workspaceId: WorkspaceId): Promise<WorkspacePlan> {
  return withTenant({ workspaceId }, (t) => planInScope(t));
}

/** Seats taken in the bound workspace: its members plus its pending, unexpired invitations (auth role). */
async function seatsUsed(t: IdentityBoundScope): Promise<number> {
  const rows = await t.db.execute<{ n: number }>(sql`
    select (select count(*) from members where organization_id = ${t.workspaceId})::int
         + (select count(*) from invitations where organization_id = ${t.workspaceId} and status = 'pending' and expires_at > ${now().toISOString()}::timestamptz)::int as n`);
  return rows[0]?.n ?? 0;
}

/**
 * The member limit, where invitations are written (an identity transaction bound to the workspace, in
 * which the auth role cannot read the plan: the caller reads it first with workspacePlan()). Counts
 * members plus pending invitations.
 */
export async function assertMemberRoom(t: IdentityBoundScope, plan: Plan): Promise<void> {
  const max = plan.limits.members;
  if (max === null) return;
  await t.db.execute(sql`select pg_advisory_xact_lock(hashtext(${t.workspaceId}), hashtext('plan:members'))`);
  const n = await seatsUsed(t);
  if (n >= max) {
    throw refusal(plan, "members", `The ${plan.name} plan allows ${max} members, pending invitations included; this workspace has ${n}`, n);
  }
}

const API_ACCESS_TTL_MS = 30_000;
const apiAccessCache = new Map<string, { allowed: boolean; plan: Plan; until: number }>();

/**
 * API keys work only on plans with API access. Asked on every API-key request, so the answer is
 * kept per workspace for 30 seconds (a plan change reaches other instances within that time; this
 * instance forgets at once).
 */
export async function assertApiAccess(workspaceId: WorkspaceId): Promise<void> {
  const at = performance.now();
  let entry = apiAccessCache.get(workspaceId);
  if (!entry || entry.until < at) {
    const { plan } = await workspacePlan(workspaceId);
    entry = { allowed: plan.features.apiAccess, plan, until: at + API_ACCESS_TTL_MS };
    apiAccessCache.set(workspaceId, entry);
  }
  if (!entry.allowed) throw featureRefusal(entry.plan, "apiAccess");
}

export interface PlanUsage {
  plan: Plan;
  source: WorkspacePlan["source"];
  subscriptionStatus: string | null;
  usage: Record<Limit, { used: number; max: number | null }>;
  features: Record<Feature, boolean>;
}

/** The plan and what the workspace uses of it (the Settings page). */
export async function getPlanUsage(ctx: TenantContext): Promise<PlanUsage> {
  assertCan(ctx, "workspace.read");
  const { plan, source, subscriptionStatus, clientsUsed, invoicesUsed } = await withTenant(ctx, async (t) => ({
    ...(await planInScope(t)),
    clientsUsed: await COUNTERS.clients(t),
    invoicesUsed: await COUNTERS.invoicesPerMonth(t),
  }));
  const membersUsed = await withIdentity(ctx, seatsUsed);
  return {
    plan,
    source,
    subscriptionStatus,
    usage: {
      members: { used: membersUsed, max: plan.limits.members },
      clients: { used: clientsUsed, max: plan.limits.clients },
      invoicesPerMonth: { used: invoicesUsed, max: plan.limits.invoicesPerMonth },
    },
    features: Object.fromEntries(FEATURES.map((f) => [f, plan.features[f]])) as Record<Feature, boolean>,
  };
}

/**
 * Sets a workspace's plan: an instance administrator (`npm run plan`), or the billing webhook (which
 * passes its subscription and the event's time). Writes the workspace's audit log in the same transaction.
 */
export async function setWorkspacePlan(
  workspaceId: WorkspaceId,
  plan: PlanId,
  change:
    | { source: "admin"; actorLabel: string }
    | { source: "stripe"; customerId: string | null; subscriptionId: string; status: string; eventCreated: number },
  t?: TenantScope,
): Promise<{ changed: boolean }> {
  const run = async (s: TenantScope) => {
    const [before] = await s.db.select().from(workspacePlans).where(eq(workspacePlans.workspaceId, workspaceId)).for("update");
    if (change.source === "stripe" && before?.lastEventCreated != null && change.eventCreated < before.lastEventCreated)
      return { changed: false };
    const values = {
      plan,
      source: change.source,
      updatedAt: now(),
      ...(change.source === "stripe"
        ? {
            stripeCustomerId: change.customerId,
            stripeSubscriptionId: change.subscriptionId,
            subscriptionStatus: change.status,
            lastEventCreated: change.eventCreated,
          }
        : {}),
    };
    await s.db
      .insert(workspacePlans)
      .values({ workspaceId, ...values })
      .onConflictDoUpdate({ target: workspacePlans.workspaceId, set: values });
    await s.db.execute(sql`
      insert into audit_events (workspace_id, action, actor_label, target_type, detail)
      values (${workspaceId}, 'workspace.plan_changed', ${change.source === "admin" ? change.actorLabel : "Stripe"}, 'workspace',
              ${JSON.stringify({ from: before?.plan ?? config().DEFAULT_PLAN, to: plan, source: change.source })}::jsonb)`);
    apiAccessCache.delete(workspaceId);
    return { changed: true };
  };
  return t ? run(t) : withTenant({ workspaceId }, run);
}
