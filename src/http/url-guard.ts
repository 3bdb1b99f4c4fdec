/**
 * Whether a request's path holds a percent-escape that does not decode (`%ED%A0%80` is a lone
 * surrogate in UTF-8 form, `%E0%A4` is cut short, `%zz` is no escape at all). Next.js throws on such
 * a path inside its router and answers 500 for it, so the server answers it first, with a 400.
 */
export function hasMalformedPath(url: string | undefined): boolean {
  const path = (url ?? "/").split(/[?#]/, 1)[0] ?? "/";
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
