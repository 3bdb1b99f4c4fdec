/**
 * A `next` parameter is followed only when it is a path on this site: it starts with one "/" and
 * holds no backslash (browsers read "/\evil.example" like "//evil.example"), so it can't send the
 * user to another origin after signing in.
 */
export function safeNextPath(value: string | null | undefined): string | undefined {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return undefined;
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  return value;
}
