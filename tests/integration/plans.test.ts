import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pinClockForTests, setClockForTests } from "@/lib/clock";
import { asWorkspaceId } from "@/lib/ids";
import { reloadConfig } from "@/platform/config";
import { toProblem } from "@/platform/errors";
import { createClient } from "@/modules/clients/clients.service";
import { createInvoice } from "@/modules/invoices/invoices.service";
import { createInvitation } from "@/modules/invitations/invitations.service";
import { createApiKey } from "@/modules/api-keys/api-keys.service";
import { PLANS, planThatLifts } from "@/modules/plans/plans";
import { getPlanUsage, setWorkspacePlan } from "@/modules/plans/plans.service";
import { handleStripeWebhook } from "@/modules/plans/billing";
import { STRIPE_WEBHOOK_PATH, answerStripeWebhook } from "@/http/stripe-webhook";
import { api, expectProblem, keyFor } from "../support/api";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";

/*
 * Plans: limits as data (src/modules/plans/plans.ts), enforced at the boundary by the services that
 * create what they count, refused as a 402 problem naming the limit and the plan that lifts it; and
 * Stripe's signed webhook setting the plan, refusing bad signatures, replays and unknown events.
 */
const owner = ownerSql();
const SECRET = "whsec_test_workledger_0123456789";
const NOW = "2031-01-15T12:00:00Z";

beforeAll(() => {
  pinClockForTests(NOW);
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  reloadConfig();
});
afterAll(async () => {
  delete process.env.STRIPE_WEBHOOK_SECRET;
  reloadConfig();
  setClockForTests(null);
  await owner.end();
});

const onPlan = (fx: WorkspaceFixture, plan: "free" | "pro" | "business") =>
  setWorkspacePlan(asWorkspaceId(fx.workspaceId), plan, { source: "admin", actorLabel: "test" });

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected a refusal").toBeDefined();
  return toProblem(err);
}

describe("plan limits", () => {
  it("the plan table lifts every limit somewhere, and planThatLifts names the cheapest plan", () => {
    expect(planThatLifts("clients", 10)).toBe("pro");
    expect(planThatLifts("clients", 9)).toBe("free");
    expect(planThatLifts("clients", 500)).toBe("business");
    expect(planThatLifts("apiAccess")).toBe("pro");
    expect(planThatLifts("customBranding")).toBe("business");
    expect(PLANS.business.limits).toEqual({ members: null, clients: null, invoicesPerMonth: null });
  });

  it("clients: the 10th is allowed on Free, the 11th is a 402 naming the limit and Pro; on Pro it goes through", async () => {
    const fx = await workspaceFixture(owner, "member", "plan-clients");
    await onPlan(fx, "free");
    // The fixture has 2 clients; 8 more reach the limit exactly.
    for (let i = 0; i < 8; i++) await createClient(fx.actor, { name: `Client ${i}`, currency: "EUR" });
    const problem = await refusal(createClient(fx.actor, { name: "One too many", currency: "EUR" }));
    expect(problem.status).toBe(402);
    expect(problem.body).toMatchObject({
      type: "https://workledger.dev/problems/plan_limit/clients",
      code: "plan_limit",
      limit: "clients",
      plan: "free",
      lifted_by: "pro",
    });
    const [clientCount] = await owner<{ n: number }[]>`select count(*)::int as n from clients where workspace_id = ${fx.workspaceId}`;
    expect(clientCount?.n).toBe(10);
    expect((await getPlanUsage(fx.actor)).usage.clients).toEqual({ used: 10, max: 10 });

    await onPlan(fx, "pro");
    await createClient(fx.actor, { name: "Now allowed", currency: "EUR" });
  });

  it("clients: six creations at once with one seat left — exactly one gets it", async () => {
    const fx = await workspaceFixture(owner, "owner", "plan-race");
    await onPlan(fx, "free");
    for (let i = 0; i < 7; i++) await createClient(fx.actor, { name: `Client ${i}`, currency: "EUR" });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => createClient(fx.actor, { name: `Racer ${i}`, currency: "EUR" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect(toProblem(r.reason).status).toBe(402);
  });

  it("invoices per month: the 20th of the (app clock's) month is allowed, the 21st refused, and a new month starts again", async () => {
    const fx = await workspaceFixture(owner, "owner", "plan-invoices");
    await onPlan(fx, "free");
    // 19 invoices created this month (and 5 last month, which do not count).
    await owner`
      insert into invoices (workspace_id, client_id, status, currency, issue_date, due_date, created_at)
      select ${fx.workspaceId}, ${fx.clientId}, 'draft', 'EUR', '2031-01-10', '2031-02-10',
             case when g <= 19 then '2031-01-02T00:00:00Z'::timestamptz else '2030-12-31T23:59:59Z'::timestamptz end
      from generate_series(1, 24) g`;
    // The fixture's own two invoices were created by the database's clock, not in January 2031.
    const draft = { clientId: fx.clientId, issueDate: "2031-01-15", dueDate: "2031-02-14", lines: [] };
    const created = await createInvoice(fx.actor, draft);
    await owner`update invoices set created_at = '2031-01-15T12:00:00Z' where workspace_id = ${fx.workspaceId} and id = ${created.id}`;
    const problem = await refusal(createInvoice(fx.actor, draft));
    expect(problem.body).toMatchObject({ type: "https://workledger.dev/problems/plan_limit/invoicesPerMonth", lifted_by: "pro" });

    pinClockForTests("2031-02-01T00:00:01Z");
    try {
      await createInvoice(fx.actor, { ...draft, issueDate: "2031-02-01", dueDate: "2031-03-01" });
    } finally {
      pinClockForTests(NOW);
    }
  });

  it("members: invitations count with members; replacing a pending invitation takes no new seat", async () => {
    const fx = await workspaceFixture(owner, "owner", "plan-members");
    await onPlan(fx, "pro"); // 5 seats: 4 members and 1 pending invitation fill them.
    const problem = await refusal(createInvitation(fx.actor, { email: "new-person@example.test", role: "member" }, { ip: "198.51.100.7" }));
    expect(problem.body).toMatchObject({ type: "https://workledger.dev/problems/plan_limit/members", plan: "pro", lifted_by: "business" });
    const [pending] = await owner<
      { email: string }[]
    >`select email from invitations where organization_id = ${fx.workspaceId} and status = 'pending'`;
    await createInvitation(fx.actor, { email: pending!.email, role: "member" }, { ip: "198.51.100.7" });
    await onPlan(fx, "business");
    await createInvitation(fx.actor, { email: "new-person@example.test", role: "member" }, { ip: "198.51.100.7" });
  });

  it("API access: on Free no key can be made and existing keys answer 402 before anything runs; back on Pro they work", async () => {
    const fx = await workspaceFixture(owner, "admin", "plan-api");
    const key = await keyFor(fx.owner);
    expect((await api("GET", "/api/v1/clients", { token: key })).status).toBe(200);
    await onPlan(fx, "free");
    const problem = expectProblem(await api("GET", "/api/v1/clients", { token: key }), 402, "plan_limit");
    expect(problem).toMatchObject({ type: "https://workledger.dev/problems/plan_limit/apiAccess", limit: "apiAccess", lifted_by: "pro" });
    const before = await owner`select count(*)::int as n from clients where workspace_id = ${fx.workspaceId}`;
    expectProblem(await api("POST", "/api/v1/clients", { token: key, body: { name: "Via API", currency: "EUR" } }), 402, "plan_limit");
    expect(await owner`select count(*)::int as n from clients where workspace_id = ${fx.workspaceId}`).toEqual(before);
    expect((await refusal(createApiKey(fx.actor, { name: "Another", role: "member" }))).status).toBe(402);
    await onPlan(fx, "pro");
    expect((await api("GET", "/api/v1/clients", { token: key })).status).toBe(200);
  });

  it("every plan change is in the workspace's audit log", async () => {
    const fx = await workspaceFixture(owner, "owner", "plan-audit");
    await onPlan(fx, "free");
    await onPlan(fx, "pro");
    const rows = await owner<{ detail: { from: string; to: string } }[]>`
      select detail from audit_events where workspace_id = ${fx.workspaceId} and action = 'workspace.plan_changed' order by created_at, id`;
    expect(rows.map((r) => r.detail.to).sort()).toEqual(["free", "pro"]);
  });
});

// ---- Stripe webhook ----

let eventCounter = 0;
function subscriptionEvent(
  fx: WorkspaceFixture | { workspaceId: string },
  opts: { type?: string; plan?: string; status?: string; created?: number; id?: string; lookupKey?: string } = {},
) {
  eventCounter++;
  return JSON.stringify({
    id: opts.id ?? `evt_test_${eventCounter}_${Math.random().toString(36).slice(2)}`,
    object: "event",
    type: opts.type ?? "customer.subscription.updated",
    created: opts.created ?? Math.floor(new Date(NOW).getTime() / 1000) - 10,
    data: {
      object: {
        id: "sub_123",
        object: "subscription",
        customer: "cus_123",
        status: opts.status ?? "active",
        metadata: { workspace_id: fx.workspaceId, ...(opts.plan === undefined ? {} : { plan: opts.plan }) },
        items: { data: [{ price: { lookup_key: opts.lookupKey ?? null } }] },
      },
    },
  });
}

const sign = (payload: string, secret = SECRET, timestamp = Math.floor(new Date(NOW).getTime() / 1000)) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

async function planOf(fx: WorkspaceFixture): Promise<string | undefined> {
  const [row] = await owner<{ plan: string }[]>`select plan from workspace_plans where workspace_id = ${fx.workspaceId}`;
  return row?.plan;
}

describe("Stripe webhook", () => {
  it("a signed subscription event sets the plan; the same event again changes nothing", async () => {
    const fx = await workspaceFixture(owner, "owner", "stripe-ok");
    const body = subscriptionEvent(fx, { plan: "pro" });
    expect(await handleStripeWebhook(body, sign(body))).toMatchObject({ status: 200, body: { outcome: "applied", plan: "pro" } });
    expect(await planOf(fx)).toBe("pro");
    await onPlan(fx, "business");
    expect(await handleStripeWebhook(body, sign(body))).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
    expect(await planOf(fx)).toBe("business");
    const [events] = await owner<{ n: number }[]>`select count(*)::int as n from billing_events where workspace_id = ${fx.workspaceId}`;
    expect(events?.n).toBe(1);
  });

  it("the price's lookup key names the plan; cancelled or deleted subscriptions fall back to Free; an older event arriving late changes nothing", async () => {
    const fx = await workspaceFixture(owner, "owner", "stripe-life");
    const t0 = Math.floor(new Date(NOW).getTime() / 1000) - 100;
    const created = subscriptionEvent(fx, { type: "customer.subscription.created", lookupKey: "business", created: t0 });
    expect((await handleStripeWebhook(created, sign(created))).body).toMatchObject({ outcome: "applied", plan: "business" });
    const cancelled = subscriptionEvent(fx, { plan: "business", status: "canceled", created: t0 + 20 });
    expect((await handleStripeWebhook(cancelled, sign(cancelled))).body).toMatchObject({ outcome: "applied", plan: "free" });
    const late = subscriptionEvent(fx, { plan: "pro", created: t0 + 10 });
    expect((await handleStripeWebhook(late, sign(late))).body).toMatchObject({ outcome: "stale" });
    expect(await planOf(fx)).toBe("free");
    const deleted = subscriptionEvent(fx, { type: "customer.subscription.deleted", plan: "pro", created: t0 + 30 });
    expect((await handleStripeWebhook(deleted, sign(deleted))).body).toMatchObject({ outcome: "applied", plan: "free" });
  });

  it("refuses bad, missing, foreign-secret and expired signatures, and every one-byte change of a signed body", async () => {
    const fx = await workspaceFixture(owner, "owner", "stripe-bad");
    const body = subscriptionEvent(fx, { plan: "pro" });
    expect((await handleStripeWebhook(body, undefined)).status).toBe(400);
    expect((await handleStripeWebhook(body, "t=1,v1=00")).status).toBe(400);
    expect((await handleStripeWebhook(body, sign(body, "whsec_someone_else"))).status).toBe(400);
    // A capture replayed after the 5-minute tolerance.
    expect((await handleStripeWebhook(body, sign(body, SECRET, Math.floor(new Date(NOW).getTime() / 1000) - 301))).status).toBe(400);
    const signature = sign(body);
    for (let i = 0; i < body.length; i += 7) {
      const changed = body.slice(0, i) + (body[i] === "a" ? "b" : "a") + body.slice(i + 1);
      if (changed === body) continue;
      expect((await handleStripeWebhook(changed, signature)).status, `byte ${i}`).toBe(400);
    }
    expect(await planOf(fx)).toBeUndefined();
  });

  it("refuses unknown event types, subscriptions naming no workspace, an unknown workspace or an unknown plan (422), and logs nothing secret", async () => {
    const fx = await workspaceFixture(owner, "owner", "stripe-odd");
    const cases = [
      subscriptionEvent(fx, { type: "invoice.paid", plan: "pro" }),
      subscriptionEvent({ workspaceId: "not-a-uuid" }, { plan: "pro" }),
      subscriptionEvent({ workspaceId: "0b6f0c54-0000-4000-8000-000000000000" }, { plan: "pro" }),
      subscriptionEvent(fx, { plan: "platinum" }),
      subscriptionEvent(fx, {}),
      JSON.stringify({ hello: "world" }),
    ];
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
    try {
      for (const body of cases) expect((await handleStripeWebhook(body, sign(body))).status, body).toBe(422);
    } finally {
      console.warn = warn;
    }
    expect(warnings).toHaveLength(cases.length);
    for (const w of warnings) expect(w).not.toContain(SECRET);
    expect(await planOf(fx)).toBeUndefined();
  });

  it("over HTTP: POST only, the raw body reaches the check byte for byte, and without a secret the endpoint does not exist", async () => {
    const fx = await workspaceFixture(owner, "owner", "stripe-http");
    const server: Server = createServer((req, res) => {
      void answerStripeWebhook(req, res).then((answered) => (answered ? undefined : res.writeHead(418).end()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${STRIPE_WEBHOOK_PATH}`;
    try {
      // Pretty-printed JSON: re-serialising it would break the signature.
      const body = JSON.stringify(JSON.parse(subscriptionEvent(fx, { plan: "pro" })), null, 2);
      const res = await fetch(url, {
        method: "POST",
        headers: { "stripe-signature": sign(body), "content-type": "application/json" },
        body,
      });
      expect(res.status).toBe(200);
      expect(await planOf(fx)).toBe("pro");
      expect((await fetch(url)).status).toBe(405);
      const bad = await fetch(url, { method: "POST", headers: { "stripe-signature": "t=1,v1=00" }, body });
      expect(bad.status).toBe(400);
      expect(bad.headers.get("content-type")).toBe("application/problem+json");
      delete process.env.STRIPE_WEBHOOK_SECRET;
      reloadConfig();
      expect((await fetch(url, { method: "POST", headers: { "stripe-signature": sign(body) }, body })).status).toBe(404);
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = SECRET;
      reloadConfig();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
