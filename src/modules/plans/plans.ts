/**
 * The plans a workspace can be on, and what each allows: the one place limits are defined (the
 * README's plan table is generated from it). `null` is "no limit". An install that sells nothing
 * keeps every workspace on DEFAULT_PLAN (`business` unless configured: no limits); a hosted service
 * sets DEFAULT_PLAN=free and moves workspaces up by billing webhook or `npm run plan`.
 */
export const PLAN_IDS = ["free", "pro", "business"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

/** Counted limits (how many) and features (whether at all). */
export const LIMITS = ["members", "clients", "invoicesPerMonth"] as const;
export const FEATURES = ["apiAccess", "recurringInvoices", "customBranding"] as const;
export type Limit = (typeof LIMITS)[number];
export type Feature = (typeof FEATURES)[number];

export interface Plan {
  id: PlanId;
  name: string;
  limits: Record<Limit, number | null>;
  features: Record<Feature, boolean>;
}

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    limits: { members: 2, clients: 10, invoicesPerMonth: 20 },
    features: { apiAccess: false, recurringInvoices: false, customBranding: false },
  },
  pro: {
    id: "pro",
    name: "Pro",
    limits: { members: 5, clients: 500, invoicesPerMonth: 500 },
    features: { apiAccess: true, recurringInvoices: true, customBranding: false },
  },
  business: {
    id: "business",
    name: "Business",
    limits: { members: null, clients: null, invoicesPerMonth: null },
    features: { apiAccess: true, recurringInvoices: true, customBranding: true },
  },
};

export const LIMIT_LABELS: Record<Limit | Feature, string> = {
  members: "Members (with pending invitations)",
  clients: "Clients (archived included)",
  invoicesPerMonth: "Invoices created per calendar month (UTC)",
  apiAccess: "REST API access (API keys)",
  recurringInvoices: "Recurring invoices",
  customBranding: "Custom branding",
};

export function isPlanId(value: string): value is PlanId {
  return (PLAN_IDS as readonly string[]).includes(value);
}

/** The cheapest plan that allows `count + 1` of a limit, or has the feature: what lifts a refusal. */
export function planThatLifts(what: Limit | Feature, count = 0): PlanId | null {
  for (const id of PLAN_IDS) {
    const plan = PLANS[id];
    if ((FEATURES as readonly string[]).includes(what)) {
      if (plan.features[what as Feature]) return id;
    } else {
      const max = plan.limits[what as Limit];
      if (max === null || count < max) return id;
    }
  }
  return null;
}

/** The README's plan table, from the data above (tests/unit/readme-plans.test.ts keeps them equal). */
export function planTableMarkdown(): string {
  const cell = (v: number | boolean | null) => (v === null ? "unlimited" : typeof v === "boolean" ? (v ? "yes" : "—") : String(v));
  const head = `| | ${PLAN_IDS.map((id) => `${PLANS[id].name} (\`${id}\`)`).join(" | ")} |`;
  const rule = `|---|${PLAN_IDS.map(() => "---").join("|")}|`;
  const rows = [
    ...LIMITS.map((l) => `| ${LIMIT_LABELS[l]} | ${PLAN_IDS.map((id) => cell(PLANS[id].limits[l])).join(" | ")} |`),
    ...FEATURES.map((f) => `| ${LIMIT_LABELS[f]} | ${PLAN_IDS.map((id) => cell(PLANS[id].features[f])).join(" | ")} |`),
  ];
  return [head, rule, ...rows].join("\n");
}
