import PgBoss from "pg-boss";
import type { Sql } from "postgres";
import { JOBS_ROLE, JOBS_SCHEMA } from "@/platform/db/roles";
import { pgOptions } from "./connection";

/**
 * Creates or upgrades the queue's tables in its own schema, as the queue's role (so it owns them and
 * can add a partition per queue at run time), during the migrations (under their lock). pg-boss starts
 * with `CREATE SCHEMA IF NOT EXISTS`, which PostgreSQL checks against the database's CREATE privilege
 * even when the schema exists, so the role holds that privilege only for the length of the install.
 * At run time the queue starts with `migrate: false` and only checks the version.
 */
export async function installJobQueue(owner: Sql, jobsUrl: string): Promise<void> {
  const [db] = await owner<{ name: string }[]>`select current_database() as name`;
  const database = `"${db!.name.replace(/"/g, '""')}"`;
  await owner.unsafe(`GRANT CREATE ON DATABASE ${database} TO ${JOBS_ROLE}`);
  try {
    const boss = new PgBoss({ ...pgOptions(jobsUrl), schema: JOBS_SCHEMA, max: 1, migrate: true, supervise: false, schedule: false });
    boss.on("error", () => {});
    await boss.start();
    await boss.stop({ graceful: false, wait: true });
  } finally {
    await owner.unsafe(`REVOKE CREATE ON DATABASE ${database} FROM ${JOBS_ROLE}`);
  }
}
