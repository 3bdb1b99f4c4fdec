import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { config } from "./config";

/*
 * Local state kept on disk for the embedded default (the data folder and the generated secret).
 * Used only by the start-up and migration code, never by the Next.js bundle.
 */

/** Where the embedded database, the generated secret and other local state live. */
export function dataDir(): string {
  return path.resolve(config().WORKLEDGER_DATA_DIR ?? path.join(process.cwd(), "data"));
}

/**
 * BETTER_AUTH_SECRET from the environment, or one generated once and kept in the data folder.
 * A production deployment on a server database must set it: a secret that silently changes with
 * a fresh data folder would sign everybody out and change the database role passwords.
 */
export function resolveAuthSecret(): string {
  const fromEnv = config().BETTER_AUTH_SECRET;
  if (fromEnv) return fromEnv;
  if (config().NODE_ENV === "production" && config().DATABASE_URL) {
    throw new Error("BETTER_AUTH_SECRET is required when NODE_ENV=production and DATABASE_URL is set");
  }
  const dir = dataDir();
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/** Database role passwords are derived from the auth secret, so there is no second secret to keep. */
export function derivePassword(secret: string, purpose: string): string {
  return createHmac("sha256", secret).update(`workledger-db-role:${purpose}`).digest("base64url");
}
