/**
 * The billing provider's side of plans: Stripe's signed webhook. Subscription created / updated /
 * deleted events set the workspace's plan (named by the subscription's metadata `workspace_id`, and
 * `plan` or the price's lookup key). The signature is checked with Stripe's own library, offline,
 * against STRIPE_WEBHOOK_SECRET and the app clock (5 minutes' tolerance, so an old capture replayed
 * later is refused); processing is idempotent by event id; an event older than the one applied last
 * changes nothing. Anything refused is logged with the event id and why — never the payload or secret.
 */
import Stripe from "stripe";
import { z } from "zod";
import { billingEvents } from "@/platform/db/schema";
import { withTenant } from "@/platform/db/tenant";
import { config } from "@/platform/config";
import { toAppError } from "@/platform/errors";
import { now } from "@/lib/clock";
import { asWorkspaceId, isUuid } from "@/lib/ids";
import { isPlanId, type PlanId } from "./plans";
import { setWorkspacePlan } from "./plans.service";

export const HANDLED_EVENTS = ["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"] as const;
/** Seconds a signature stays valid (Stripe's default). */
const TOLERANCE_SECONDS = 300;
/** Subscription states in which the paid plan applies; any other falls back to free. */
const PAYING = new Set(["active", "trialing", "past_due"]);

const subscriptionEvent = z.object({
  id: z.string().min(1).max(255),
  type: z.string(),
  created: z.number().int().nonnegative(),
  data: z.object({
    object: z.object({
      id: z.string().min(1).max(255),
      customer: z.union([z.string(), z.object({ id: z.string() })]).nullish(),
      status: z.string().max(64),
      metadata: z.record(z.string(), z.string()).nullish(),
      items: z.object({ data: z.array(z.object({ price: z.object({ lookup_key: z.string().nullish() }).nullish() })) }).nullish(),
    }),
  }),
});

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

function refused(status: number, title: string, log: string): WebhookAnswer {
  console.warn(`billing: refused a Stripe webhook: ${log}`);
  return { status, body: { type: `https://workledger.dev/problems/billing_event_refused`, title, status, code: "billing_event_refused" } };
}

/** Verifies and applies one webhook delivery (the raw body and its Stripe-Signature header). */
export async function handleStripeWebhook(rawBody: string, signature: string | undefined): Promise<WebhookAnswer> {
  const secret = config().STRIPE_WEBHOOK_SECRET;
  if (!secret) return { status: 404, body: { type: "about:blank", title: "Not found", status: 404, code: "not_found" } };
  if (!signature) return refused(400, "Missing Stripe-Signature header", "no Stripe-Signature header");
  let event: unknown;
  try {
    // The signature's age is judged by the app clock (receivedAt, in milliseconds).
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS, undefined, now().getTime());
  } catch (err) {
    return refused(
      400,
      "The signature does not match, or is too old",
      `bad signature (${err instanceof Error ? err.message.slice(0, 120) : "?"})`,
    );
  }
  const parsed = subscriptionEvent.safeParse(event);
  if (!parsed.success) return refused(422, "Not a subscription event this endpoint understands", "unexpected event shape");
  const e = parsed.data;
  if (!(HANDLED_EVENTS as readonly string[]).includes(e.type))
    return refused(422, `Event type ${e.type} is not handled`, `${e.id}: unhandled type ${e.type}`);
  const sub = e.data.object;
  const workspaceId = sub.metadata?.workspace_id ?? "";
  if (!isUuid(workspaceId)) return refused(422, "The subscription names no workspace (metadata.workspace_id)", `${e.id}: no workspace_id`);
  const named = sub.metadata?.plan ?? sub.items?.data[0]?.price?.lookup_key ?? "";
  if (!isPlanId(named))
    return refused(422, "The subscription names no known plan (metadata.plan or the price's lookup key)", `${e.id}: unknown plan`);
  const plan: PlanId = e.type === "customer.subscription.deleted" || !PAYING.has(sub.status) ? "free" : named;
  const customerId = typeof sub.customer === "string" ? sub.customer : (sub.customer?.id ?? null);

  try {
    const outcome = await withTenant({ workspaceId: asWorkspaceId(workspaceId) }, async (t) => {
      const inserted = await t.db
        .insert(billingEvents)
        .values({ workspaceId: t.workspaceId, eventId: e.id, type: e.type, receivedAt: now() })
        .onConflictDoNothing()
        .returning({ id: billingEvents.eventId });
      if (inserted.length === 0) return "duplicate" as const;
      const { changed } = await setWorkspacePlan(
        t.workspaceId,
        plan,
        { source: "stripe", customerId, subscriptionId: sub.id, status: sub.status, eventCreated: e.created },
        t,
      );
      return changed ? ("applied" as const) : ("stale" as const);
    });
    if (outcome !== "applied")
      console.warn(
        `billing: Stripe event ${e.id} (${e.type}) ${outcome === "duplicate" ? "already processed" : "older than the last applied"}: no change`,
      );
    return { status: 200, body: { received: true, outcome, plan: outcome === "applied" ? plan : undefined } };
  } catch (err) {
    const app = toAppError(err);
    // 23503: the workspace does not exist (the event's row has nowhere to go).
    if (app && (app.status === 409 || app.status === 422 || app.status === 404))
      return refused(422, "No such workspace", `${e.id}: unknown workspace`);
    throw err;
  }
}
