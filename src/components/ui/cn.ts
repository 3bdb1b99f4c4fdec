/** Joins class names, skipping the falsy ones (`cn("a", on && "b")`). Variants are written so that they never need to override each other. */
export function cn(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(" ");
}
