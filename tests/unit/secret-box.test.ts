import fc from "fast-check";
import { reloadConfig } from "@/platform/config";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { open, seal } from "@/platform/secret-box";

const SECRET = "unit-test-secret-0123456789abcdef0123456789";
let saved: string | undefined;
beforeEach(() => {
  saved = process.env.BETTER_AUTH_SECRET;
  process.env.BETTER_AUTH_SECRET = SECRET;
  reloadConfig();
});
afterEach(() => {
  if (saved === undefined) delete process.env.BETTER_AUTH_SECRET;
  else process.env.BETTER_AUTH_SECRET = saved;
  reloadConfig();
});

describe("secret box", () => {
  it("round-trips any text, and the sealed form never contains it", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), fc.string(), (text, aad) => {
        const sealed = seal("outbox-email", text, aad);
        expect(sealed).not.toContain(text);
        expect(open("outbox-email", sealed, aad)).toBe(text);
      }),
    );
  });

  it("seals the same text differently each time", () => {
    expect(seal("outbox-email", "wl_live_secret", "a")).not.toBe(seal("outbox-email", "wl_live_secret", "a"));
  });

  it("refuses another row's associated data, another purpose, another server secret and any flipped byte", () => {
    const sealed = seal("idempotency-response", '{"secret":"wl_live_x"}', "ws-1/key-1");
    expect(() => open("idempotency-response", sealed, "ws-2/key-1")).toThrow();
    expect(() => open("outbox-email", sealed, "ws-1/key-1")).toThrow();
    process.env.BETTER_AUTH_SECRET = `${SECRET}-rotated`;
    reloadConfig();
    expect(() => open("idempotency-response", sealed, "ws-1/key-1")).toThrow();
    process.env.BETTER_AUTH_SECRET = SECRET;
    reloadConfig();
    // Flip every bit of the decoded bytes (flipping a base64 character can leave the bytes unchanged:
    // the last character carries padding bits).
    const [version, iv, body] = sealed.split(".") as [string, string, string];
    const bytes = Buffer.from(body, "base64url");
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = Buffer.from(bytes);
        flipped[i]! ^= 1 << bit;
        expect(() => open("idempotency-response", `${version}.${iv}.${flipped.toString("base64url")}`, "ws-1/key-1")).toThrow();
      }
    }
    expect(() => open("idempotency-response", "plain text", "ws-1/key-1")).toThrow();
  });
});
