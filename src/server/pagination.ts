import { z } from "zod";
import { AppError } from "./errors";

/** Keyset position: lists are ordered by (created_at, id), so concurrent inserts never shift a page. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString("base64url");
}

const cursorShape = z.tuple([z.iso.datetime(), z.string().min(1).max(200)]);

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const [createdAt, id] = cursorShape.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw new AppError("bad_request", "The cursor is not valid; start again without it", { cursor: ["Not a cursor from this API"] });
  }
}

export const pageQuery = {
  limit: z.coerce.number().int().min(1, "limit is at least 1").max(100, "limit is at most 100").default(25),
  cursor: z.string().max(500).optional(),
};

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from `limit + 1` rows fetched in keyset order. */
export function cursorPage<T extends { createdAt: Date; id: string }>(rows: T[], limit: number): CursorPage<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** For small collections read whole: the same cursor semantics, in memory, oldest first. */
export function pageInMemory<T>(all: T[], key: (t: T) => Cursor, limit: number, after: Cursor | undefined): CursorPage<T> {
  const sorted = [...all].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka.createdAt.getTime() - kb.createdAt.getTime() || (ka.id < kb.id ? -1 : ka.id > kb.id ? 1 : 0);
  });
  const start = after
    ? sorted.findIndex((x) => {
        const k = key(x);
        return k.createdAt.getTime() > after.createdAt.getTime() || (k.createdAt.getTime() === after.createdAt.getTime() && k.id > after.id);
      })
    : 0;
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rest.length > limit && last ? encodeCursor(key(last)) : null };
}
