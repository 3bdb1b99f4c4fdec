import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "./config";

/*
 * Encryption at rest for the few stored things that carry a secret (a replayable API response with a
 * new API key, an outbox email with an invitation link): AES-256-GCM under a key derived from
 * BETTER_AUTH_SECRET with HKDF, one key per purpose. The associated data binds a sealed value to
 * where it belongs (its workspace and row), so it cannot be moved to another row and opened there.
 */
export type SealPurpose = "idempotency-response" | "outbox-email" | "account-email" | "invoice-link";

const VERSION = "v1";
const keys = new Map<string, Buffer>();

function keyFor(purpose: SealPurpose): Buffer {
  const secret = authSecret();
  const cacheKey = `${purpose}\0${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "workledger-secret-box", `workledger:${purpose}`, 32));
    keys.set(cacheKey, key);
  }
  return key;
}

/** `v1.<iv>.<ciphertext+tag>` in base64url. */
export function seal(purpose: SealPurpose, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

/** The plaintext, or an error when the value was tampered with, moved, or sealed under another secret. */
export function open(purpose: SealPurpose, sealed: string, associatedData: string): string {
  const [version, ivText, bodyText] = sealed.split(".");
  if (version !== VERSION || !ivText || !bodyText) throw new Error("not a sealed value");
  const body = Buffer.from(bodyText, "base64url");
  if (body.length < 16) throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), Buffer.from(ivText, "base64url"));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
}
