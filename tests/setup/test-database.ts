import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort, startEmbeddedPostgres } from "../../src/platform/db/embedded";
import { migrateDatabase, urlForRole } from "../../src/platform/db/migrate";
import { ANALYTICS_ROLE, AUTH_ROLE, JOBS_ROLE, TENANT_ROLE } from "../../src/platform/db/roles";

export interface TestDatabase {
  owner: string;
  tenant: string;
  auth: string;
  /** The job queue's role (src/platform/jobs/). */
  jobs: string;
  /** The instance analytics role (aggregate views only). */
  analytics: string;
  secret: string;
}

export const TEST_AUTH_SECRET = "workledger-test-secret-0123456789abcdef";

/**
 * A throwaway, migrated database: on the PostgreSQL server named by TEST_DATABASE_URL (a fresh
 * database there), or else on an embedded cluster in a temporary folder on a free port.
 */
export async function createTestDatabase(): Promise<{ db: TestDatabase; dispose: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let ownerUrl: string;
  let dispose: () => Promise<void>;
  if (serverUrl) {
    const name = `workledger_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    ownerUrl = url.toString();
    dispose = async () => {
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "workledger-pg-"));
    chmodSync(dir, 0o755); // the server runs as the `postgres` OS user when tests run as root
    const cluster = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), password: "test" });
    const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
    await admin.unsafe("CREATE DATABASE workledger_test");
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = "/workledger_test";
    ownerUrl = url.toString();
    dispose = async () => {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrateDatabase(ownerUrl, TEST_AUTH_SECRET);
  return {
    db: {
      owner: ownerUrl,
      tenant: urlForRole(ownerUrl, TENANT_ROLE, TEST_AUTH_SECRET),
      auth: urlForRole(ownerUrl, AUTH_ROLE, TEST_AUTH_SECRET),
      jobs: urlForRole(ownerUrl, JOBS_ROLE, TEST_AUTH_SECRET),
      analytics: urlForRole(ownerUrl, ANALYTICS_ROLE, TEST_AUTH_SECRET),
      secret: TEST_AUTH_SECRET,
    },
    dispose,
  };
}
