import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { appPort } from "./server/config";
import { prepareDatabase } from "./server/db/migrate";
import { closePools } from "./server/db/client";
import { CLIENT_IP_HEADER } from "./server/rate-limit";
import { createApiApp } from "./server/api/app";
import { closeRateLimitStore, initRateLimitStore } from "./server/api/rate-limit";

/** The REST API alone (`npm run start:api`), for deployments that scale the API tier separately. */
async function main() {
  const { embedded } = await prepareDatabase();
  await initRateLimitStore();
  const api = getRequestListener(createApiApp().fetch);
  const server = createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
    void api(req, res);
  });
  const port = appPort();
  server.listen(port, process.env.HOST ?? "0.0.0.0", () => console.log(`Workledger API is running on port ${port} (/api/v1)`));
  const stop = async () => {
    server.close();
    await closePools().catch(() => {});
    await closeRateLimitStore();
    await embedded?.stop().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
