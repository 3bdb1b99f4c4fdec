import { createServer } from "node:http";
import next from "next";
import { appPort, appUrl, config } from "@/platform/config";
import { ensureProductionBuild } from "@/platform/build";
import { databaseLine, prepareDatabase } from "@/platform/db/migrate";
import { closePools } from "@/platform/db/client";
import { createAppListener, keepConnectionsAlive } from "@/http/http-listener";
import { startAppJobs } from "@/jobs";
import { getRequestListener } from "@hono/node-server";
import { createApiApp } from "@/http/app";
import { closeRateLimitStore, initRateLimitStore } from "@/platform/rate-limit";

/*
 * The one Node HTTP server: the REST API (/api/v1, /api/docs) goes to its own app before Next.js, so it
 * does not pay Next's per-request cost; the rest to Next.js (src/http/http-listener.ts).
 */
const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(line);

async function main() {
  const root = process.cwd();
  // Not configuration: Next.js itself reads this to keep its telemetry off in this process.
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  if (!dev) ensureProductionBuild(root, log);
  const { embedded } = await prepareDatabase((line) => {
    if (config().WORKLEDGER_DEBUG_PG) log(line);
  });
  log(databaseLine(embedded));

  const port = appPort();
  const app = next({ dev, dir: root, port, hostname: "localhost" });
  await app.prepare();
  const handle = app.getRequestHandler();
  await initRateLimitStore(log);
  const api = getRequestListener(createApiApp().fetch);
  const server = createServer(createAppListener({ api, next: handle }));
  keepConnectionsAlive(server);
  server.listen(port, config().HOST, () => log(`Workledger is running at ${appUrl()}`));

  // The job queue (src/platform/jobs/): the overdue job and the other scheduled and queued jobs.
  const jobs = await startAppJobs((line) => (line.includes("queued for") || line.includes("failed") ? log(line) : undefined));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    server.close();
    await jobs.stop().catch(() => {});
    await closePools().catch(() => {});
    await closeRateLimitStore();
    await app.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
