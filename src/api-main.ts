import { keepConnectionsAlive } from "@/http/http-listener";
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { appPort, config } from "@/platform/config";
import { prepareDatabase } from "@/platform/db/migrate";
import { closePools } from "@/platform/db/client";
import { createApiApp } from "@/http/app";
import { setTrustedClientIp } from "@/http/http-listener";
import { answerStripeWebhook } from "@/http/stripe-webhook";
import { closeRateLimitStore, initRateLimitStore } from "@/platform/rate-limit";

/** The REST API alone (`npm run start:api`), for deployments that scale the API tier separately. */
async function main() {
  const { embedded } = await prepareDatabase();
  await initRateLimitStore();
  const api = getRequestListener(createApiApp().fetch);
  const server = createServer((req, res) => {
    // The client address for rate limits, as in src/main.ts (TRUST_PROXY=1 behind a reverse proxy).
    setTrustedClientIp(req);
    // The billing webhook is authenticated by its signature over the raw body: answered before Hono.
    answerStripeWebhook(req, res)
      .then((answered) => (answered ? undefined : api(req, res)))
      .catch((err: unknown) => {
        console.error(err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Internal server error");
      });
  });
  keepConnectionsAlive(server);
  const port = appPort();
  server.listen(port, config().HOST, () => console.log(`Workledger API is running on port ${port} (/api/v1)`));
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
