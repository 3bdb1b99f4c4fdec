/**
 * Demo data: one owner account with two workspaces, realistic clients, tax rates and a year of invoices
 * and payments, all written through the real services (permissions, totals, numbering, audit trail).
 *
 *   npm run seed:demo        (DATABASE_URL, or the embedded database in WORKLEDGER_DATA_DIR / ./data)
 *
 * Idempotent: when the demo account already exists it prints the credentials and changes nothing.
 * Random choices come from a fixed seed, so every run builds the same story (relative to today).
 */
import { databaseLine, prepareDatabase } from "../src/platform/db/migrate";
import { closePools } from "../src/platform/db/client";
import { getAuth } from "../src/identity/auth";
import { appUrl, config } from "../src/platform/config";
import { setClockForTests, today as todayFromClock } from "../src/lib/clock";
import { asUserId } from "../src/lib/ids";
import { currencyExponent, toDecimalString } from "../src/lib/money";
import { createWorkspace, resolveTenant, type ResolvedTenant } from "../src/modules/workspaces/workspaces.service";
import { createClient } from "../src/modules/clients/clients.service";
import { createTaxRate } from "../src/modules/tax-rates/tax-rates.service";
import { updateInvoiceSettings } from "../src/modules/invoice-settings/invoice-settings.service";
import { createReminderRule, setRemindersEnabled } from "../src/modules/reminders/reminders.service";
import { createInvoice, markOverdueBatch, sendInvoice, voidInvoice } from "../src/modules/invoices/invoices.service";
import { recordPayment } from "../src/modules/payments/payments.service";
import type { PaymentMethod } from "../src/modules/payments/payments.schemas";

const DEMO = {
  name: "Dana Demo",
  email: config().SEED_DEMO_EMAIL,
  password: config().SEED_DEMO_PASSWORD,
};

// ---------------------------------------------------------------------------------------------
// The story: two businesses, their catalogues and their clients.

interface CatalogItem {
  description: string;
  /** In the workspace's default currency. */
  price: number;
  qty: [number, number];
  /** Quantities in steps of this (0.5 for hours). */
  step?: number;
  /** Key into the workspace's tax rates; "standard" by default, "none" for untaxed lines. */
  tax?: string;
  /** Bills every month for clients on a retainer. */
  recurring?: boolean;
}

interface ClientSeed {
  name: string;
  email: string;
  currency: string;
  address: string;
  taxId?: string;
  /** Which tax applies to this client's taxable lines (e.g. reverse charge abroad). */
  taxOverride?: string;
  /** Catalogue items this client buys. */
  items: number[];
  /** A loyalty discount on every invoice, in percent. */
  discountPercent?: string;
}

interface WorkspaceSeed {
  name: string;
  settings: {
    defaultCurrency: string;
    numberPrefix: string;
    numberPadding: number;
    paymentTermsDays: number;
    senderLegalName: string;
    senderAddress: string;
    senderTaxId: string;
  };
  taxRates: Record<string, { name: string; rate: string }>;
  catalog: CatalogItem[];
  clients: ClientSeed[];
  notes: string;
}

/** Rough cross rates so prices look native in each client's currency. */
const FX: Record<string, number> = { EUR: 1, USD: 1.09, GBP: 0.86, NOK: 11.6, CAD: 1.47 };

const WORKSPACES: WorkspaceSeed[] = [
  {
    name: "Northwind Studio",
    settings: {
      defaultCurrency: "EUR",
      numberPrefix: "NWS-",
      numberPadding: 4,
      paymentTermsDays: 14,
      senderLegalName: "Northwind Studio GmbH",
      senderAddress: "Torstraße 112\n10119 Berlin\nGermany",
      senderTaxId: "DE318455920",
    },
    taxRates: {
      standard: { name: "VAT 19%", rate: "19" },
      reduced: { name: "VAT 7%", rate: "7" },
      reverse: { name: "Reverse charge", rate: "0" },
    },
    catalog: [
      { description: "UX/UI design (hours)", price: 95, qty: [6, 40], step: 0.5 },
      { description: "Frontend development (hours)", price: 110, qty: [8, 60], step: 0.5 },
      { description: "Backend development (hours)", price: 120, qty: [4, 40], step: 0.5 },
      { description: "Project management (hours)", price: 85, qty: [2, 12], step: 0.5 },
      { description: "Website hosting & maintenance (monthly)", price: 249, qty: [1, 1], recurring: true },
      { description: "SEO audit", price: 1450, qty: [1, 1] },
      { description: "Copywriting (words)", price: 0.12, qty: [1200, 4500], step: 50 },
      { description: "Design workshop (half day)", price: 1200, qty: [1, 2] },
      { description: "Printed brand guidelines booklet", price: 48, qty: [5, 20], tax: "reduced" },
      { description: "Stock photo licences", price: 29, qty: [3, 12] },
    ],
    clients: [
      {
        name: "Alpenglow Outdoor GmbH",
        email: "accounts@alpenglow-outdoor.de",
        currency: "EUR",
        address: "Leopoldstraße 54\n80802 München\nGermany",
        taxId: "DE287731046",
        items: [0, 1, 3, 4],
        discountPercent: "5",
      },
      {
        name: "Brightwater Dental Clinics",
        email: "billing@brightwater-dental.de",
        currency: "EUR",
        address: "Große Elbstraße 14\n22767 Hamburg\nGermany",
        items: [1, 4, 6],
      },
      {
        name: "Café Kastanie",
        email: "hallo@cafe-kastanie.de",
        currency: "EUR",
        address: "Kastanienallee 33\n10435 Berlin\nGermany",
        items: [4, 9, 6],
      },
      {
        name: "Fjordline Logistics AS",
        email: "faktura@fjordline.no",
        currency: "NOK",
        address: "Strandkaien 8\n5013 Bergen\nNorway",
        taxId: "NO 912 445 018 MVA",
        taxOverride: "reverse",
        items: [1, 2, 3],
      },
      {
        name: "Hollis & Grey Architects",
        email: "finance@hollisgrey.co.uk",
        currency: "GBP",
        address: "27 Clerkenwell Close\nLondon EC1R 0AT\nUnited Kingdom",
        taxId: "GB 284 1193 07",
        taxOverride: "reverse",
        items: [0, 7, 9],
      },
      {
        name: "Lumen Health Tech B.V.",
        email: "ap@lumenhealth.nl",
        currency: "EUR",
        address: "Keizersgracht 241\n1016 EA Amsterdam\nNetherlands",
        taxId: "NL859218476B01",
        taxOverride: "reverse",
        items: [1, 2, 3, 4],
      },
      {
        name: "Mühlenberg Bäckerei",
        email: "buero@muehlenberg-baeckerei.de",
        currency: "EUR",
        address: "Mühlenweg 3\n14467 Potsdam\nGermany",
        items: [4, 6, 9],
      },
      {
        name: "Nordlicht Verlag",
        email: "rechnungen@nordlicht-verlag.de",
        currency: "EUR",
        address: "Schanzenstraße 71\n20357 Hamburg\nGermany",
        taxId: "DE301775224",
        items: [0, 8, 6],
      },
      {
        name: "Orbit Analytics Inc.",
        email: "payables@orbitanalytics.io",
        currency: "USD",
        address: "500 Howard St, Floor 4\nSan Francisco, CA 94105\nUSA",
        taxOverride: "reverse",
        items: [1, 2, 3],
      },
      {
        name: "Pedal & Co. Bike Repair",
        email: "team@pedalandco.de",
        currency: "EUR",
        address: "Oranienstraße 190\n10999 Berlin\nGermany",
        items: [4, 5, 9],
      },
      {
        name: "Quellwasser Spa & Hotel",
        email: "verwaltung@quellwasser-spa.de",
        currency: "EUR",
        address: "Kurpromenade 12\n79189 Bad Krozingen\nGermany",
        items: [0, 1, 5, 7],
        discountPercent: "3",
      },
      {
        name: "Tesserakt Robotics GmbH",
        email: "invoices@tesserakt-robotics.de",
        currency: "EUR",
        address: "Lise-Meitner-Straße 9\n70771 Leinfelden\nGermany",
        taxId: "DE327611890",
        items: [1, 2, 3],
      },
    ],
    notes: "Please transfer the amount within 14 days to IBAN DE12 1001 0010 0123 4567 89 (BIC PBNKDEFF), quoting the invoice number.",
  },
  {
    name: "Harbor & Pine Consulting",
    settings: {
      defaultCurrency: "USD",
      numberPrefix: "HP-",
      numberPadding: 5,
      paymentTermsDays: 30,
      senderLegalName: "Harbor & Pine Consulting LLC",
      senderAddress: "410 Commercial St, Suite 3\nPortland, ME 04101\nUSA",
      senderTaxId: "EIN 84-2219034",
    },
    taxRates: {
      standard: { name: "Maine sales tax 5.5%", rate: "5.5" },
      ny: { name: "NY sales tax 8.875%", rate: "8.875" },
    },
    catalog: [
      { description: "Strategy consulting (hours)", price: 175, qty: [4, 30], step: 0.5, tax: "none" },
      { description: "Financial modeling (hours)", price: 150, qty: [6, 36], step: 0.5, tax: "none" },
      { description: "Market research report", price: 3800, qty: [1, 1], tax: "none" },
      { description: "Workshop facilitation (day)", price: 2400, qty: [1, 2], tax: "none" },
      { description: "Analytics software seats (monthly)", price: 89, qty: [5, 25], recurring: true },
      { description: "Printed board pack", price: 35, qty: [6, 14] },
    ],
    clients: [
      {
        name: "Casco Bay Seafood Co.",
        email: "ap@cascobayseafood.com",
        currency: "USD",
        address: "12 Custom House Wharf\nPortland, ME 04101",
        items: [0, 1, 4],
      },
      {
        name: "Granite State Credit Union",
        email: "vendorpay@granitestatecu.org",
        currency: "USD",
        address: "88 Elm St\nManchester, NH 03101",
        items: [1, 2, 5],
        discountPercent: "5",
      },
      {
        name: "Lighthouse Pediatrics",
        email: "office@lighthousepeds.com",
        currency: "USD",
        address: "220 Maine Mall Rd\nSouth Portland, ME 04106",
        items: [0, 4],
      },
      {
        name: "Maple & Main Realty",
        email: "accounting@maplemain.com",
        currency: "USD",
        address: "5 Main St\nFreeport, ME 04032",
        items: [0, 3, 5],
      },
      {
        name: "North Atlantic Ferries",
        email: "finance@naferries.com",
        currency: "USD",
        address: "1 Ferry Terminal Rd\nRockland, ME 04841",
        items: [1, 2, 3],
      },
      {
        name: "Pinecrest Academy",
        email: "business.office@pinecrest.edu",
        currency: "USD",
        address: "400 Pinecrest Rd\nBrunswick, ME 04011",
        items: [0, 3, 5],
      },
      {
        name: "Riverbend Brewing Company",
        email: "owners@riverbendbrew.com",
        currency: "USD",
        address: "73 Water St\nHallowell, ME 04347",
        items: [0, 4],
      },
      {
        name: "Saltwater Media Group",
        email: "payables@saltwatermedia.nyc",
        currency: "USD",
        address: "150 W 25th St, 9th Fl\nNew York, NY 10001",
        taxOverride: "ny",
        items: [0, 1, 4, 5],
      },
      {
        name: "Tidewater Outfitters Ltd.",
        email: "accounts@tidewateroutfitters.ca",
        currency: "CAD",
        address: "1880 Barrington St\nHalifax, NS B3J 3K1\nCanada",
        taxOverride: "none",
        items: [0, 2, 3],
      },
    ],
    notes: "Payment by ACH to Harbor & Pine Consulting LLC, routing 011400495, account 4471-0098. Thank you for your business!",
  },
];

// ---------------------------------------------------------------------------------------------
// Helpers: a seeded random source, dates, amounts, the progress bar.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20250314);
const chance = (p: number) => random() < p;
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
/** Runs `fn` with the app clock at noon (UTC) of `iso`, so sentAt / paidAt / voidedAt look lived-in. */
async function at<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  setClockForTests(() => new Date(`${iso}T${String(between(8, 17)).padStart(2, "0")}:${String(between(0, 59)).padStart(2, "0")}:00Z`));
  try {
    return await fn();
  } finally {
    setClockForTests(null);
  }
}

/** A price in a client's currency as the decimal text the services take ("1250.00", "¥1250"). */
function priceText(baseMajor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const converted = baseMajor * (FX[currency] ?? 1);
  // Round to a "nice" price: whole units for larger amounts, cents for tiny unit prices.
  const minor = converted >= 20 ? Math.round(converted) * 10 ** exponent : Math.round(converted * 10 ** exponent);
  return toDecimalString(minor, exponent);
}

function quantityText(item: CatalogItem): string {
  const step = item.step ?? 1;
  const steps = between(Math.round(item.qty[0] / step), Math.round(item.qty[1] / step));
  const value = steps * step;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const tty = process.stdout.isTTY === true;
let lastShown = -1;
function progress(label: string, done: number, total: number): void {
  const width = 30;
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  const percent = Math.floor(share * 100);
  const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(percent).padStart(3)}% ${label} ${done}/${total}`;
  if (tty) {
    process.stdout.write(`\r${line}${done === total ? "\n" : ""}`);
  } else if (Math.floor(percent / 10) !== lastShown || done === total) {
    // Not a terminal (CI, a log file): one line per 10 %.
    lastShown = Math.floor(percent / 10);
    process.stdout.write(`${line}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Signing up through Better Auth's real handler (the sign-up hook creates the first workspace).

async function authRequest(
  path: string,
  body: unknown,
  cookie?: string,
): Promise<{ status: number; cookie: string; json: Record<string, unknown> | null }> {
  const headers = new Headers({ origin: appUrl(), "content-type": "application/json" });
  if (cookie) headers.set("cookie", cookie);
  const res = await getAuth().handler(
    new Request(`${appUrl()}/api/auth${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  const text = await res.text();
  return {
    status: res.status,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
    json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

async function signUpDemo(): Promise<{ userId: string; sessionId: string; workspaceId: string } | "exists"> {
  const res = await authRequest("/sign-up/email", {
    name: DEMO.name,
    email: DEMO.email,
    password: DEMO.password,
    workspaceName: WORKSPACES[0]!.name,
  });
  if (res.status !== 200) {
    const code = String(res.json?.code ?? "");
    if (code.includes("ALREADY_EXISTS") || /already exists/i.test(String(res.json?.message ?? ""))) return "exists";
    throw new Error(`sign-up failed (${res.status}): ${JSON.stringify(res.json)}`);
  }
  const session = await authRequest("/get-session", undefined, res.cookie);
  const s = (session.json as { session?: { id: string; userId: string; activeOrganizationId: string } } | null)?.session;
  if (!s) throw new Error("no session after sign-up");
  return { userId: s.userId, sessionId: s.id, workspaceId: s.activeOrganizationId };
}

// ---------------------------------------------------------------------------------------------
// Building one workspace's year.

interface PlannedInvoice {
  client: ClientSeed;
  clientId: string;
  issueDate: string;
  dueDate: string;
}

interface Counts {
  clients: number;
  invoices: number;
  drafts: number;
  paid: number;
  partial: number;
  open: number;
  voided: number;
  payments: number;
}

const METHODS: [PaymentMethod, number][] = [
  ["bank_transfer", 0.72],
  ["card", 0.2],
  ["cash", 0.03],
  ["other", 0.05],
];
function method(): PaymentMethod {
  let r = random();
  for (const [m, p] of METHODS) {
    if ((r -= p) < 0) return m;
  }
  return "bank_transfer";
}
function reference(m: PaymentMethod, number: string | null): string | null {
  if (m === "bank_transfer") return `Transfer ${number ?? ""}`.trim();
  if (m === "card") return `Card •••• ${between(1000, 9999)}`;
  if (m === "other") return pick(["PayPal", "Wise", "Cheque"]);
  return null;
}

/** The example payment reminders: 3 days before the due date, on it, a week and two weeks after. */
const DEMO_REMINDER_OFFSETS = [-3, 0, 7, 14];

async function planWorkspace(ctx: ResolvedTenant, ws: WorkspaceSeed, today: string, counts: Counts) {
  await updateInvoiceSettings(ctx, ws.settings);
  // Reminders are off for a new workspace; the demo shows them on, with the four example rules in the standard wording.
  for (const offsetDays of DEMO_REMINDER_OFFSETS) await createReminderRule(ctx, { offsetDays });
  await setRemindersEnabled(ctx, { enabled: true });
  const rateIds: Record<string, string> = {};
  for (const [key, r] of Object.entries(ws.taxRates)) rateIds[key] = (await createTaxRate(ctx, r)).id;

  const planned: PlannedInvoice[] = [];
  const thisMonth = today.slice(0, 7);
  for (const client of ws.clients) {
    const created = await createClient(ctx, {
      name: client.name,
      email: client.email,
      billingAddress: client.address,
      taxId: client.taxId ?? "",
      currency: client.currency,
      notes: "",
    });
    counts.clients++;
    const firstMonth = between(0, 5); // some clients came on board during the year
    const day = between(1, 26);
    for (let m = 11 - firstMonth; m >= 0; m--) {
      const monthStart = new Date(`${thisMonth}-01T00:00:00Z`);
      monthStart.setUTCMonth(monthStart.getUTCMonth() - m);
      let issueDate = isoDay(new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth(), day)));
      if (m === 0 && issueDate > today) issueDate = today;
      if (m > 0 && chance(0.12)) continue; // a quiet month
      planned.push({ client, clientId: created.id, issueDate, dueDate: addDays(issueDate, ws.settings.paymentTermsDays) });
    }
  }
  planned.sort((a, b) => (a.issueDate < b.issueDate ? -1 : a.issueDate > b.issueDate ? 1 : 0));
  return { planned, rateIds };
}

function linesFor(ws: WorkspaceSeed, p: PlannedInvoice, rateIds: Record<string, string>) {
  const items = p.client.items.map((i) => ws.catalog[i]!);
  const recurring = items.filter((i) => i.recurring);
  const others = items.filter((i) => !i.recurring);
  const chosen = [...recurring];
  const extra = between(recurring.length > 0 ? 0 : 1, Math.min(3, others.length));
  const pool = [...others];
  for (let i = 0; i < extra && pool.length > 0; i++) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  if (chosen.length === 0) chosen.push(items[0]!);
  return chosen.map((item) => {
    const taxKey = item.tax === "none" ? null : (p.client.taxOverride ?? item.tax ?? "standard");
    const taxRateId = taxKey && taxKey !== "none" ? (rateIds[taxKey] ?? null) : null;
    return {
      description: item.description,
      quantity: quantityText(item),
      unitPrice: priceText(item.price, p.client.currency),
      taxRateId,
      discount: !item.recurring && chance(0.08) ? { kind: "percent" as const, value: "10" } : null,
    };
  });
}

async function payInFull(
  ctx: ResolvedTenant,
  invoiceId: string,
  number: string | null,
  totalMinor: number,
  currency: string,
  paidOn: string,
  issueDate: string,
  counts: Counts,
) {
  const exponent = currencyExponent(currency);
  if (chance(0.2) && totalMinor > 2 * 10 ** exponent) {
    // Two instalments.
    const first = Math.floor(totalMinor / 2 / 10 ** exponent) * 10 ** exponent;
    // Never before the invoice's issue date: the service refuses such a payment.
    const early = addDays(paidOn, -between(7, 20));
    const firstOn = early < issueDate ? issueDate : early;
    const m = method();
    await at(firstOn, () =>
      recordPayment(ctx, invoiceId, {
        amount: toDecimalString(first, exponent),
        paidOn: firstOn,
        method: m,
        reference: reference(m, number),
      }),
    );
    const m2 = method();
    await at(paidOn, () =>
      recordPayment(ctx, invoiceId, {
        amount: toDecimalString(totalMinor - first, exponent),
        paidOn,
        method: m2,
        reference: reference(m2, number),
      }),
    );
    counts.payments += 2;
  } else {
    const m = method();
    await at(paidOn, () =>
      recordPayment(ctx, invoiceId, { amount: toDecimalString(totalMinor, exponent), paidOn, method: m, reference: reference(m, number) }),
    );
    counts.payments += 1;
  }
}

async function writeInvoice(
  ctx: ResolvedTenant,
  ws: WorkspaceSeed,
  p: PlannedInvoice,
  rateIds: Record<string, string>,
  today: string,
  counts: Counts,
  state: { voided: boolean },
) {
  const invoice = await at(p.issueDate, () =>
    createInvoice(ctx, {
      clientId: p.clientId,
      issueDate: p.issueDate,
      dueDate: p.dueDate,
      notes: ws.notes,
      discount: p.client.discountPercent ? { kind: "percent", value: p.client.discountPercent } : null,
      lines: linesFor(ws, p, rateIds),
    }),
  );
  counts.invoices++;
  const recent = daysBetween(p.issueDate, today) < 10;
  if ((p.issueDate.slice(0, 7) === today.slice(0, 7) && chance(0.35)) || (recent && chance(0.5))) {
    counts.drafts++;
    return;
  }
  const sent = await at(p.issueDate, () => sendInvoice(ctx, invoice.id));
  const late = daysBetween(p.dueDate, today); // > 0: past due
  const exponent = currencyExponent(sent.currency);
  const clampPaidOn = (d: string) => (d > today ? today : d < p.issueDate ? p.issueDate : d);

  let outcome: "paid" | "partial" | "open";
  if (late > 30) outcome = chance(0.82) ? "paid" : chance(0.55) ? "partial" : "open";
  else if (late > 0) outcome = chance(0.45) ? "paid" : chance(0.4) ? "partial" : "open";
  else outcome = chance(0.3) ? "paid" : chance(0.15) ? "partial" : "open";

  if (!state.voided && outcome === "open" && late > 45) {
    // One invoice was issued in error and cancelled.
    await at(addDays(p.issueDate, between(2, 10)), () => voidInvoice(ctx, sent.id));
    state.voided = true;
    counts.voided++;
    return;
  }
  if (outcome === "paid") {
    await payInFull(
      ctx,
      sent.id,
      sent.number,
      sent.totalMinor,
      sent.currency,
      clampPaidOn(addDays(p.dueDate, between(-12, 9))),
      p.issueDate,
      counts,
    );
    counts.paid++;
  } else if (outcome === "partial") {
    const share = between(30, 70) / 100;
    const amount = Math.max(10 ** exponent, Math.floor((sent.totalMinor * share) / 10 ** exponent) * 10 ** exponent);
    if (amount < sent.totalMinor) {
      const paidOn = clampPaidOn(addDays(p.dueDate, between(-7, 14)));
      const m = method();
      await at(paidOn, () =>
        recordPayment(ctx, sent.id, { amount: toDecimalString(amount, exponent), paidOn, method: m, reference: reference(m, sent.number) }),
      );
      counts.payments++;
      counts.partial++;
    } else {
      counts.open++;
    }
  } else {
    counts.open++;
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  console.log("Workledger demo data");
  const { embedded } = await prepareDatabase();
  console.log(databaseLine(embedded));
  const credentials = () => {
    console.log("");
    console.log(`Sign in at ${appUrl()}/sign-in`);
    console.log(`  Email:    ${DEMO.email}`);
    console.log(`  Password: ${DEMO.password}`);
  };
  try {
    const signedUp = await signUpDemo();
    if (signedUp === "exists") {
      console.log(`The demo account ${DEMO.email} already exists; nothing to do.`);
      credentials();
      return;
    }
    const userId = asUserId(signedUp.userId);
    const second = await createWorkspace({ userId, sessionId: signedUp.sessionId }, { name: WORKSPACES[1]!.name });
    const contexts = [await resolveTenant(userId, signedUp.workspaceId), await resolveTenant(userId, second.workspaceId)];
    const today = todayFromClock();
    const counts: Counts = { clients: 0, invoices: 0, drafts: 0, paid: 0, partial: 0, open: 0, voided: 0, payments: 0 };

    const plans = [];
    for (const [i, ws] of WORKSPACES.entries()) {
      plans.push(await planWorkspace(contexts[i]!, ws, today, counts));
      progress("workspaces", i + 1, WORKSPACES.length);
    }
    const total = plans.reduce((n, p) => n + p.planned.length, 0);
    let done = 0;
    for (const [i, ws] of WORKSPACES.entries()) {
      const state = { voided: false };
      for (const p of plans[i]!.planned) {
        await writeInvoice(contexts[i]!, ws, p, plans[i]!.rateIds, today, counts, state);
        progress("invoices", ++done, total);
      }
    }
    // Sent invoices past their due date become overdue, as the scheduled job would have done.
    let overdue = 0;
    for (const ctx of contexts) {
      for (let n = -1; n !== 0;) {
        n = await markOverdueBatch(ctx.workspaceId, 500);
        overdue += n;
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Done in ${seconds} s: ${WORKSPACES.length} workspaces (${WORKSPACES.map((w) => w.name).join(", ")}), ${counts.clients} clients, ` +
        `${counts.invoices} invoices (${counts.paid} paid, ${counts.partial} partly paid, ${counts.open} unpaid, ${counts.drafts} drafts, ` +
        `${counts.voided} void; ${overdue} overdue), ${counts.payments} payments.`,
    );
    credentials();
  } finally {
    setClockForTests(null);
    await closePools();
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
