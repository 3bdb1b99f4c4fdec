import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { appPort, config } from "@/platform/config";
import { prepareDatabase } from "@/platform/db/migrate";
import { initRateLimitStore } from "@/platform/rate-limit";
import { createApiApp } from "@/http/app";
import { setTrustedClientIp } from "@/http/http-listener";
import { getAuth } from "@/identity/auth";

/*
 * One app instance for tests/server/auth-rate-limit.test.ts: the REST API and Better Auth's HTTP
 * handler (what src/main.ts serves besides the pages), without Next.js, so two of them start in seconds.
 */
await prepareDatabase();
await initRateLimitStore();
const api = getRequestListener(createApiApp().fetch);
const auth = getRequestListener((request) => getAuth().handler(request));
createServer((req, res) => {
  setTrustedClientIp(req);
  void (req.url?.startsWith("/api/auth/") ? auth : api)(req, res);
}).listen(appPort(), config().HOST, () => console.log(`instance is running on port ${appPort()}`));
