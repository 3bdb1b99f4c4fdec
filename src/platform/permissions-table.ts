import { PERMISSIONS, ROLES, type Action } from "./permissions";

/** The permission table as Markdown, for the README (kept in step by tests/unit/readme-permissions.test.ts). */
export function permissionsMarkdown(): string {
  const header = `| action | ${ROLES.join(" | ")} |\n|---|${ROLES.map(() => ":-:").join("|")}|`;
  const rows = (Object.keys(PERMISSIONS) as Action[]).map(
    (action) => `| \`${action}\` | ${ROLES.map((r) => ((PERMISSIONS[action] as readonly string[]).includes(r) ? "✓" : "")).join(" | ")} |`,
  );
  return [header, ...rows].join("\n");
}
