import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { config, setRuntimeSettings } from "@/platform/config";
import { dataDir, derivePassword, resolveAuthSecret } from "@/platform/local-state";
import { startEmbeddedPostgres, type EmbeddedCluster } from "./embedded";
import { connect } from "./client";
import { installJobQueue } from "@/platform/jobs/install";
import { ANALYTICS_ROLE, APP_LOGIN_ROLES, AUTH_ROLE, JOBS_ROLE, TENANT_ROLE, type AppLoginRole } from "./roles";

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");
const EMBEDDED_DATABASE = "workledger";
/** Any fixed number: serialises migrations of app instances that start at the same time. */
const MIGRATION_LOCK_KEY = 0x776c6467;

export interface DatabaseUrls {
  owner: string;
  tenant: string;
  auth: string;
  jobs: string;
  analytics: string;
}

export function urlForRole(ownerUrl: string, role: AppLoginRole, secret: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = derivePassword(secret, role);
  return url.toString();
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Applies the committed migrations as the owner, then gives the app's login roles their password
 * and verifies them. Idempotent, and safe when several processes run it at once.
 */
export async function migrateDatabase(ownerUrl: string, secret: string): Promise<void> {
  const sql = connect(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle({ client: sql }), { migrationsFolder: MIGRATIONS_FOLDER });
      for (const role of APP_LOGIN_ROLES) {
        await sql.unsafe(
          `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT ` +
            `PASSWORD ${quoteLiteral(derivePassword(secret, role))}`,
        );
      }
      const unsafeRoles = await sql<{ rolname: string }[]>`
        select rolname from pg_roles
        where rolname in ${sql([...APP_LOGIN_ROLES])} and (rolsuper or rolbypassrls)`;
      if (unsafeRoles.length > 0) {
        throw new Error(`database roles must not be superuser or BYPASSRLS: ${unsafeRoles.map((r) => r.rolname).join(", ")}`);
      }
      await installJobQueue(sql, urlForRole(ownerUrl, JOBS_ROLE, secret));
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end();
  }
}

function embeddedSuperuserPassword(dir: string): string {
  const file = path.join(dir, "pg-superuser-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const password = randomBytes(24).toString("base64url");
  writeFileSync(file, password + "\n", { mode: 0o600 });
  return password;
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const sql = connect(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await sql`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await sql.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await sql.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface PreparedDatabase {
  urls: DatabaseUrls;
  embedded?: EmbeddedCluster;
}

/** The start-up line that says which database the app uses, and where its files are. */
export function databaseLine(embedded: EmbeddedCluster | undefined): string {
  if (!embedded) return "Database: DATABASE_URL";
  const folder = path.join(dataDir(), "pg");
  const relocated =
    path.resolve(embedded.clusterDir) !== folder ? `; its files are in ${embedded.clusterDir}, which the postgres user can reach` : "";
  return `Database: embedded PostgreSQL in ${dataDir()} (port ${embedded.port}${relocated})`;
}

/**
 * Everything `npm start` and `npm run db:migrate` need before serving: the embedded server when no
 * DATABASE_URL is configured, the migrations, the roles. Exposes the role URLs to the rest of the
 * process (including Next.js's server bundle) through setRuntimeSettings (src/platform/config.ts),
 * the job queue's URL included.
 */
export async function prepareDatabase(log: (line: string) => void = () => {}): Promise<PreparedDatabase> {
  const secret = resolveAuthSecret();
  setRuntimeSettings({ authSecret: secret });
  let ownerUrl = config().DATABASE_URL;
  let appBaseUrl: string | undefined;
  let embedded: EmbeddedCluster | undefined;
  if (!ownerUrl) {
    const dir = dataDir();
    const port = config().WORKLEDGER_PG_PORT;
    embedded = await startEmbeddedPostgres({
      dir: path.join(dir, "pg"),
      port,
      password: embeddedSuperuserPassword(dir),
      log,
    });
    ownerUrl = await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
    // The app's pools talk to the embedded server over its Unix socket when it has one.
    if (embedded.socketDir && existsSync(path.join(embedded.socketDir, `.s.PGSQL.${port}`))) {
      const url = new URL(ownerUrl);
      url.searchParams.set("host", embedded.socketDir);
      appBaseUrl = url.toString();
    }
  }
  await migrateDatabase(ownerUrl, secret);
  const urls: DatabaseUrls = {
    owner: ownerUrl,
    tenant: urlForRole(appBaseUrl ?? ownerUrl, TENANT_ROLE, secret),
    auth: urlForRole(appBaseUrl ?? ownerUrl, AUTH_ROLE, secret),
    jobs: urlForRole(appBaseUrl ?? ownerUrl, JOBS_ROLE, secret),
    analytics: urlForRole(appBaseUrl ?? ownerUrl, ANALYTICS_ROLE, secret),
  };
  setRuntimeSettings({
    tenantDatabaseUrl: urls.tenant,
    authDatabaseUrl: urls.auth,
    jobsDatabaseUrl: urls.jobs,
    analyticsDatabaseUrl: urls.analytics,
  });
  return { urls, embedded };
}
