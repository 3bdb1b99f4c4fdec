import { z } from "zod";

/*
 * The one place the environment is read: validated with zod the first time anything asks, then kept.
 * Safe to import anywhere, including the Next.js bundle (which shares the process, not the modules:
 * what start-up resolves itself, like the database URLs, is kept on globalThis, never written to
 * process.env). A bad value stops the start with a message naming the variable.
 */

/** An unset and an empty variable mean the same: not configured. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((v) => (v === "" || v === undefined ? fallback : v), schema);

const positiveInt = z.coerce.number().int().positive();
const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: optional(z.string()),
  /** The port the server listens on, and the default APP_URL's. */
  PORT: withDefault(port, "3000"),
  HOST: withDefault(z.string(), "0.0.0.0"),
  /** The address people use to reach the app (links in emails, the allowed Origin). */
  APP_URL: optional(z.string().refine((v) => /^https?:$/.test(URL.parse(v)?.protocol ?? ""), "must be an http:// or https:// URL")),
  /** Behind a reverse proxy: the client address is the first X-Forwarded-For entry. */
  TRUST_PROXY: withDefault(flag, "0"),
  /** A server database; without it, the embedded PostgreSQL in the data folder. */
  DATABASE_URL: optional(z.string()),
  DB_POOL_MAX: withDefault(positiveInt, "8"),
  WORKLEDGER_PG_PORT: withDefault(port, "54329"),
  WORKLEDGER_DATA_DIR: optional(z.string()),
  /** The folder of the official EN 16931 validation XSLTs (POST /api/v1/einvoices/validate); unset: ../shared/en16931. */
  EN16931_DIR: optional(z.string()),
  WORKLEDGER_DEBUG_PG: optional(z.string()),
  BETTER_AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters long")),
  /** Set by tests (and by a parent process) instead of running the migrations here. */
  WL_TENANT_DATABASE_URL: optional(z.string()),
  WL_AUTH_DATABASE_URL: optional(z.string()),
  WL_JOBS_DATABASE_URL: optional(z.string()),
  WL_ANALYTICS_DATABASE_URL: optional(z.string()),
  /** Who may see the instance analytics (/instance, npm run analytics): comma-separated emails. */
  INSTANCE_ADMIN_EMAILS: withDefault(
    z.string().transform((v) =>
      v
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
    "",
  ),
  AUTH_RATE_LIMIT_PER_MINUTE: withDefault(positiveInt, "30"),
  API_RATE_LIMIT_WORKSPACE_PER_MINUTE: withDefault(positiveInt, "600"),
  API_RATE_LIMIT_KEY_PER_MINUTE: withDefault(positiveInt, "300"),
  /** Shared rate-limit counters for several app instances; without it, each counts in its own memory. */
  REDIS_URL: optional(z.string()),
  SMTP_URL: optional(z.string()),
  MAIL_FROM: withDefault(z.string(), "Workledger <no-reply@workledger.local>"),
  /** 0 turns the scheduled overdue job off. */
  OVERDUE_JOB_INTERVAL_MINUTES: withDefault(z.coerce.number().int().min(0), "60"),
  VITEST: optional(z.string()),
  /** The plan of every workspace that has none of its own (src/modules/plans/plans.ts): no limits unless set. */
  DEFAULT_PLAN: withDefault(z.enum(["free", "pro", "business"]), "business"),
  /** The signing secret of the Stripe webhook endpoint (whsec_…); unset, /api/billing/stripe answers 404. */
  STRIPE_WEBHOOK_SECRET: optional(z.string().startsWith("whsec_", "must be a Stripe webhook signing secret (whsec_…)")),
  SEED_DEMO_EMAIL: withDefault(z.string(), "demo@workledger.test"),
  SEED_DEMO_PASSWORD: withDefault(z.string(), "workledger-demo-2025"),
});

export type Config = z.output<typeof envSchema>;

/** What start-up resolved itself (prepareDatabase): the generated secret, the app roles' database URLs. */
export interface RuntimeSettings {
  authSecret?: string;
  tenantDatabaseUrl?: string;
  authDatabaseUrl?: string;
  jobsDatabaseUrl?: string;
  analyticsDatabaseUrl?: string;
}

const holder = globalThis as typeof globalThis & { __workledgerConfig?: Config; __workledgerRuntime?: RuntimeSettings };

function parse(): Config {
  const result = envSchema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** The validated configuration, read from the environment once. */
export function config(): Config {
  holder.__workledgerConfig ??= parse();
  return holder.__workledgerConfig;
}

/** Tests that change the environment read it again. */
export function reloadConfig(): Config {
  holder.__workledgerConfig = undefined;
  return config();
}

export function setRuntimeSettings(settings: RuntimeSettings): void {
  holder.__workledgerRuntime = { ...holder.__workledgerRuntime, ...settings };
}

function runtime(): RuntimeSettings {
  return holder.__workledgerRuntime ?? {};
}

export function appPort(): number {
  return config().PORT;
}

export function appUrl(): string {
  return (config().APP_URL ?? `http://localhost:${appPort()}`).replace(/\/+$/, "");
}

export function isProduction(): boolean {
  return config().NODE_ENV === "production";
}

export function isDevelopment(): boolean {
  return config().NODE_ENV === "development";
}

/** The auth secret: the one start-up resolved (environment or data folder), else the environment's. */
export function authSecret(): string {
  const secret = runtime().authSecret ?? config().BETTER_AUTH_SECRET;
  if (!secret) throw new Error("BETTER_AUTH_SECRET is not set: start the app with `npm start`");
  return secret;
}

/** The app roles' database URLs, as start-up (or the test setup) gave them. */
export function appDatabaseUrls(): { tenant: string; auth: string } {
  const tenant = runtime().tenantDatabaseUrl ?? config().WL_TENANT_DATABASE_URL;
  const auth = runtime().authDatabaseUrl ?? config().WL_AUTH_DATABASE_URL;
  if (!tenant || !auth) {
    throw new Error("The database URLs are not set: start the app with `npm start` (or call prepareDatabase() first)");
  }
  return { tenant, auth };
}

/** The job queue role's database URL, as start-up (or the test setup) gave it. */
export function jobsDatabaseUrl(): string {
  const url = runtime().jobsDatabaseUrl ?? config().WL_JOBS_DATABASE_URL;
  if (!url) throw new Error("The job queue's database URL is not set: start the app with `npm start` (or call prepareDatabase() first)");
  return url;
}

/** The instance analytics role's database URL, as start-up (or the test setup) gave it. */
export function analyticsDatabaseUrl(): string {
  const url = runtime().analyticsDatabaseUrl ?? config().WL_ANALYTICS_DATABASE_URL;
  if (!url) throw new Error("The analytics database URL is not set: start the app with `npm start` (or call prepareDatabase() first)");
  return url;
}
