/** The colour theme a person picked; "system" follows the operating system (prefers-color-scheme). */
export type Theme = "light" | "dark" | "system";

export const THEMES: readonly Theme[] = ["light", "dark", "system"];

/** The cookie the choice is kept in, read by the root layout so the server renders <html data-theme>. */
export const THEME_COOKIE = "theme";

export function parseTheme(value: string | undefined): Theme {
  return THEMES.find((t) => t === value) ?? "system";
}
