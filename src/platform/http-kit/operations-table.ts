import { PERMISSIONS, type Action } from "@/platform/permissions";
import { PERMISSION_EXTENSION } from "./operation";

interface DocumentShape {
  paths: Record<string, Record<string, { operationId?: string; [PERMISSION_EXTENSION]?: string }>>;
}

/** Every REST operation with the permission it declares and the roles that have it, as Markdown for the README. */
export function operationsMarkdown(document: unknown): string {
  const rows = Object.entries((document as DocumentShape).paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const permission = op[PERMISSION_EXTENSION] as Action;
      return `| \`${method.toUpperCase()} ${path.replace(/^\/api\/v1/, "")}\` | ${op.operationId ?? ""} | \`${permission}\` | ${PERMISSIONS[permission].join(", ")} |`;
    }),
  );
  return ["| operation (under /api/v1) | operationId | permission | roles |", "|---|---|---|---|", ...rows].join("\n");
}
