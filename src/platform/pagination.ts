import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "@hono/zod-openapi";
import { apiText, dateTimeProblem } from "@/lib/schemas";
import { isUuid } from "@/lib/ids";
import { AppError } from "./errors";
import { authSecret } from "./config";

/**
 * Keyset position: lists are ordered by (created_at, id), so concurrent inserts never shift a page. A
 * list sortable by another column puts that column's value first: (key, created_at, id).
 */
export interface Cursor {
  createdAt: Date;
  id: string;
  key?: CursorKey;
}

/** A sort column's value in a cursor: text (dates as ISO text), a whole number, or null. */
export type CursorKey = string | number | null;

/** Every list the API pages through; a cursor works only on the list that made it. */
export type CursorList = "clients" | "invoices" | "audit-events" | "tax-rates" | "payments" | "members" | "invitations" | "api-keys";

/*
 * The one cursor codec. A cursor is `<payload>.<tag>`: the payload is base64url JSON
 * `["<created_at ISO>", "<id>"]`, the tag an HMAC-SHA256 (first 128 bits) of the list's name and the
 * payload under a key derived from BETTER_AUTH_SECRET. So a client can hold a cursor but not make
 * one: a forged, edited or other list's cursor is refused before it is read. What a valid tag vouches
 * for is still parsed strictly (a tuple of a real instant in 1900–2999 and an id of the list's kind),
 * so no cursor value can ever reach a query it would break.
 */
const TAG_BYTES = 16;
const keys = new Map<string, Buffer>();

function cursorKey(): Buffer {
  const secret = authSecret();
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "workledger-cursor", "workledger:cursor", 32));
    keys.set(secret, key);
  }
  return key;
}

/**
 * `ordering` names a sortable list's order (e.g. `total:asc`): it is signed with the payload, so a
 * cursor made under one order is refused under another instead of skipping or repeating rows.
 */
function tagOf(list: CursorList, payload: string, ordering: string | undefined): Buffer {
  const scope = ordering ? `${list}:${ordering}` : list;
  return createHmac("sha256", cursorKey()).update(`${scope}\n${payload}`).digest().subarray(0, TAG_BYTES);
}

/** Members are keyed by their user id (a uuid from Better Auth's generateId); other lists by a row uuid. */
const ids: Record<CursorList, (id: string) => boolean> = {
  clients: isUuid,
  invoices: isUuid,
  "audit-events": isUuid,
  "tax-rates": isUuid,
  payments: isUuid,
  invitations: isUuid,
  "api-keys": isUuid,
  members: (id) => /^[A-Za-z0-9_-]{1,100}$/.test(id),
};

export function encodeCursor(list: CursorList, c: Cursor, ordering?: string): string {
  const tuple = c.key === undefined ? [c.createdAt.toISOString(), c.id] : [c.createdAt.toISOString(), c.id, c.key];
  const payload = Buffer.from(JSON.stringify(tuple)).toString("base64url");
  return `${payload}.${tagOf(list, payload, ordering).toString("base64url")}`;
}

/** The error for a cursor that is not this API's, or not for this list and order. */
export function invalidCursor(): AppError {
  return new AppError("bad_request", "The cursor is not valid; start again without it", { cursor: ["Not a cursor from this API"] });
}

const cursorShape = z.union([
  z.tuple([z.string(), z.string()]),
  z.tuple([z.string(), z.string(), z.union([z.string().max(1000), z.number().int().refine(Number.isSafeInteger), z.null()])]),
]);

export function decodeCursor(list: CursorList, raw: string | undefined, ordering?: string): Cursor | undefined {
  if (raw === undefined || raw === "") return undefined;
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{22})$/.exec(raw);
  if (!match) throw invalidCursor();
  const [, payload, tagText] = match as unknown as [string, string, string];
  // Compared as text: base64 has several spellings of the same bytes, and only ours is accepted.
  const expected = Buffer.from(tagOf(list, payload, ordering).toString("base64url"));
  const given = Buffer.from(tagText);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const shape = cursorShape.safeParse(parsed);
  if (!shape.success) throw invalidCursor();
  const [createdAt, id, key] = shape.data;
  if (dateTimeProblem(createdAt) !== undefined || !ids[list](id)) throw invalidCursor();
  return key === undefined ? { createdAt: new Date(createdAt), id } : { createdAt: new Date(createdAt), id, key };
}

/** The page parameters of every list (the API's and the pages'): how many, and after which row. */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1, "limit is at least 1")
    .max(100, "limit is at most 100")
    .default(25)
    .meta({ description: "At most 100" }),
  cursor: apiText(500)
    .optional()
    .meta({ description: "next_cursor of the previous page (opaque and signed: only cursors this API made are accepted)" }),
};

/** A list with nothing to filter: just its page. */
export const pageOnlyQuery = z.object(pageQuery);
export type PageOnlyQuery = z.input<typeof pageOnlyQuery>;

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Builds a page from `limit + 1` rows fetched in keyset order. A sortable list passes its ordering and
 * the sort column's value of a row, which the next cursor carries first.
 */
export function cursorPage<T extends { createdAt: Date; id: string }>(
  list: CursorList,
  rows: T[],
  limit: number,
  sorted?: { ordering: string; keyOf: (row: T) => CursorKey },
): CursorPage<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (rows.length <= limit || !last) return { items, nextCursor: null };
  const position: Cursor = { createdAt: last.createdAt, id: last.id };
  if (sorted) position.key = sorted.keyOf(last);
  return { items, nextCursor: encodeCursor(list, position, sorted?.ordering) };
}

/** For small collections read whole: the same cursor semantics, in memory, oldest first. */
export function pageInMemory<T>(
  list: CursorList,
  all: T[],
  key: (t: T) => Cursor,
  limit: number,
  rawCursor: string | undefined,
): CursorPage<T> {
  const after = decodeCursor(list, rawCursor);
  const sorted = [...all].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka.createdAt.getTime() - kb.createdAt.getTime() || (ka.id < kb.id ? -1 : ka.id > kb.id ? 1 : 0);
  });
  const start = after
    ? sorted.findIndex((x) => {
        const k = key(x);
        return (
          k.createdAt.getTime() > after.createdAt.getTime() || (k.createdAt.getTime() === after.createdAt.getTime() && k.id > after.id)
        );
      })
    : 0;
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rest.length > limit && last ? encodeCursor(list, key(last)) : null };
}
