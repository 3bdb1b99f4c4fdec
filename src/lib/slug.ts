import { randomBytes } from "node:crypto";

const MAX_SLUG_LENGTH = 48;

/** A URL-safe slug derived from a display name: ASCII, lowercase, dashes; never empty. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
  return base || "workspace";
}

/** The slug to try after `base` is taken: a short random suffix, so concurrent sign-ups rarely collide twice. */
export function suffixedSlug(base: string): string {
  const suffix = randomBytes(4).toString("hex").slice(0, 6);
  return `${base.slice(0, MAX_SLUG_LENGTH - 7)}-${suffix}`;
}
