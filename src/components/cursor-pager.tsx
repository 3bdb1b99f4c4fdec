import Link from "next/link";

/** How many earlier pages "Previous" can go back through (the trail travels in the link). */
const TRAIL_MAX = 20;

/** The page links' own parameters: the cursor of this page and the cursors of the pages before it. */
export interface CursorPosition {
  cursor?: string;
  back: string[];
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Reads `cursor` and `back` (comma-separated earlier cursors; "" is the first page) from a page's search params. */
export function cursorPosition(sp: Record<string, string | string[] | undefined>): CursorPosition {
  const cursor = first(sp.cursor) || undefined;
  const back = (first(sp.back) ?? "").split(",").slice(-TRAIL_MAX);
  return { cursor, back: cursor ? back : [] };
}

function href(path: string, filters: Record<string, string | undefined>, cursor: string | undefined, back: string[]): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (cursor) {
    params.set("cursor", cursor);
    params.set("back", back.join(","));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Next / Previous for a keyset-paged list (the same signed cursors as the API). Next carries this
 * page's cursor on the trail; Previous takes the last one off it.
 */
export function CursorPager(props: {
  path: string;
  filters: Record<string, string | undefined>;
  position: CursorPosition;
  nextCursor: string | null;
  shown: number;
  noun: string;
  /** All rows of the list, where the page counts them. */
  total?: number;
}) {
  const { path, filters, position, nextCursor } = props;
  const previous = position.cursor ? position.back[position.back.length - 1] : undefined;
  return (
    <div className="pager">
      <span>
        {props.total ?? props.shown} {props.noun}
        {(props.total ?? props.shown) === 1 ? "" : "s"}
        {props.total === undefined ? " on this page" : ""}
      </span>
      {position.cursor ? <Link href={href(path, filters, previous || undefined, position.back.slice(0, -1))}>← Previous</Link> : null}
      {nextCursor ? (
        <Link href={href(path, filters, nextCursor, [...position.back, position.cursor ?? ""].slice(-TRAIL_MAX))}>Next →</Link>
      ) : null}
    </div>
  );
}
