import { beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "@/platform/config";
import fc from "fast-check";
import { decodeCursor, encodeCursor, pageInMemory, type CursorList } from "@/platform/pagination";
import { AppError } from "@/platform/errors";

/** The one cursor codec (src/platform/pagination.ts): signed, bound to its list, strictly parsed. */

beforeAll(() => {
  process.env.BETTER_AUTH_SECRET ??= "unit-test-secret-0123456789abcdef0123456789";
  reloadConfig();
});

const LISTS: CursorList[] = ["clients", "invoices", "audit-events", "tax-rates", "payments", "invitations", "api-keys", "members"];
const instant = fc.integer({ min: Date.parse("1970-01-01T00:00:00Z"), max: Date.parse("2999-12-31T23:59:59Z") }).map((ms) => new Date(ms));

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error("expected a refusal");
}

describe("cursor codec", () => {
  it("decodes what it encoded, for every list", () => {
    fc.assert(
      fc.property(fc.constantFrom(...LISTS), instant, fc.uuid(), (list, createdAt, id) => {
        expect(decodeCursor(list, encodeCursor(list, { createdAt, id }))).toEqual({ createdAt, id });
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a cursor on any other list", () => {
    fc.assert(
      fc.property(fc.constantFrom(...LISTS), fc.constantFrom(...LISTS), instant, fc.uuid(), (made, used, createdAt, id) => {
        fc.pre(made !== used);
        const err = refusal(() => decodeCursor(used, encodeCursor(made, { createdAt, id })));
        expect(err.code).toBe("bad_request");
        expect(Object.keys(err.fieldErrors ?? {})).toEqual(["cursor"]);
      }),
    );
  });

  it("refuses any single-character change of a real cursor", () => {
    fc.assert(
      fc.property(instant, fc.uuid(), fc.nat(), fc.constantFrom(..."ABCabc019-_."), (createdAt, id, at, ch) => {
        const cursor = encodeCursor("clients", { createdAt, id });
        const i = at % cursor.length;
        fc.pre(cursor[i] !== ch);
        refusal(() => decodeCursor("clients", cursor.slice(0, i) + ch + cursor.slice(i + 1)));
      }),
      { numRuns: 1000 },
    );
  });

  it("answers anything else with the one 400, never another error", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.base64String()), (raw) => {
        fc.pre(raw !== "");
        const err = refusal(() => decodeCursor("invoices", raw));
        expect(err.status).toBe(400);
      }),
      { numRuns: 1000 },
    );
  });

  it("a forged payload, even with a well-formed tag, is refused (unsigned JSON as the old cursors were)", () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const raw of [
      b64(["2026-01-01T00:00:00Z", "x"]),
      `${b64(["0000-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000"])}.AAAAAAAAAAAAAAAAAAAAAA`,
    ]) {
      refusal(() => decodeCursor("clients", raw));
    }
    expect(decodeCursor("clients", undefined)).toBeUndefined();
    expect(decodeCursor("clients", "")).toBeUndefined();
  });

  it("a cursor signed under another server secret is refused", () => {
    const cursor = encodeCursor("clients", { createdAt: new Date("2026-01-01T00:00:00Z"), id: "00000000-0000-4000-8000-000000000000" });
    const saved = process.env.BETTER_AUTH_SECRET;
    process.env.BETTER_AUTH_SECRET = "another-secret-0123456789abcdef0123456789";
    reloadConfig();
    try {
      refusal(() => decodeCursor("clients", cursor));
    } finally {
      process.env.BETTER_AUTH_SECRET = saved;
      reloadConfig();
    }
  });

  it("pages in memory walk every item exactly once, in order, for any page size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.uuid()), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (rows, limit) => {
          const items = rows.map(([s, id]) => ({ createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, s)), id }));
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let i = 0; i < 100; i++) {
            const page = pageInMemory("tax-rates", items, (x) => x, limit, cursor);
            seen.push(...page.items.map((x) => x.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          const expected = [...items]
            .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
            .map((x) => x.id);
          expect(seen).toEqual(expected);
        },
      ),
    );
  });
});
