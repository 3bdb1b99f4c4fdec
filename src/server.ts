import { createServer } from "node:http";
import next from "next";
import { appPort, appUrl } from "./server/config";
import { ensureProductionBuild } from "./server/build";
import { dataDir } from "./server/local-state";
import { prepareDatabase } from "./server/db/migrate";
import { closePools } from "./server/db/client";
import { CLIENT_IP_HEADER } from "./server/rate-limit";
import { answerDeadInvitation } from "./server/invitation-gate";
import { hasMalformedPath } from "./server/url-guard";
import { runOverdueJob } from "./modules/invoices/overdue-job";
import { getRequestListener } from "@hono/node-server";
import { createApiApp } from "./server/api/app";
import { closeRateLimitStore, initRateLimitStore } from "./server/api/rate-limit";

/*
 * The one Node HTTP server. Everything goes to Next.js's request handler today; the REST API
 * (/api/v1) will be handed to its own app here, before Next.js, so it does not pay Next's per-request cost.
 */
const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(line);

async function main() {
  const root = process.cwd();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  if (!dev) ensureProductionBuild(root, log);
  const { embedded } = await prepareDatabase((line) => {
    if (process.env.WORKLEDGER_DEBUG_PG) log(line);
  });
  log(embedded ? `Database: embedded PostgreSQL in ${dataDir()} (port ${embedded.port})` : "Database: DATABASE_URL");

  const port = appPort();
  const app = next({ dev, dir: root, port, hostname: "localhost" });
  await app.prepare();
  const handle = app.getRequestHandler();
  await initRateLimitStore(log);
  const api = getRequestListener(createApiApp().fetch);
  const server = createServer((req, res) => {
    // The one trustworthy client address for rate limits: from the socket, overwriting any client-sent value.
    const forwarded = process.env.TRUST_PROXY === "1" ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
    const ip = forwarded || req.socket.remoteAddress || "unknown";
    req.headers[CLIENT_IP_HEADER] = ip;
    // The REST API skips Next.js entirely: its per-request cost would dominate the API's.
    if (req.url?.startsWith("/api/v1/") || req.url === "/api/v1" || req.url?.startsWith("/api/docs")) {
      void api(req, res);
      return;
    }
    if (hasMalformedPath(req.url)) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad request: the address holds an escape (%…) that is not valid UTF-8.\n");
      return;
    }
    answerDeadInvitation(req, res, ip)
      .then((answered) => (answered ? undefined : handle(req, res)))
      .catch((err: unknown) => {
        console.error(err);
        if (!res.headersSent) res.writeHead(500).end("Internal server error");
      });
  });
  server.listen(port, process.env.HOST ?? "0.0.0.0", () => log(`Workledger is running at ${appUrl()}`));

  // The overdue job: once at start-up, then on a schedule (OVERDUE_JOB_INTERVAL_MINUTES, 0 turns it off).
  const intervalMinutes = Number(process.env.OVERDUE_JOB_INTERVAL_MINUTES ?? 60);
  const runJob = () => runOverdueJob({ log: (line) => (line.includes("done") ? log(line) : undefined) }).catch((err: unknown) => console.error("overdue job failed:", err));
  let jobTimer: NodeJS.Timeout | undefined;
  if (intervalMinutes > 0) {
    void runJob();
    jobTimer = setInterval(() => void runJob(), intervalMinutes * 60_000);
    jobTimer.unref();
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    if (jobTimer) clearInterval(jobTimer);
    server.close();
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
