import { notFound } from "next/navigation";
import { toAppError } from "@/platform/errors";
import type { TenantContext } from "@/platform/db/tenant";
import type { RequestTenant } from "@/identity/request-context";
import { findInOtherWorkspace, type WorkspaceSummary } from "@/modules/workspaces/workspaces.service";
import { switchWorkspaceAction } from "@/app/workspaces/actions";
import { SubmitButton } from "@/components/submit-button";

/**
 * A page's record, read in the active workspace; when it is not there but in another of the user's
 * workspaces, that workspace (for the page to offer a switch); otherwise Next's not-found page, the same
 * as for an id that exists nowhere — someone who is not a member of its workspace learns nothing.
 */
export async function hereOrElsewhere<T>(
  tenant: RequestTenant,
  read: (ctx: TenantContext) => Promise<T>,
  /** How to look in the other workspaces (default: `read`); a lighter read of the same record. */
  probe: (ctx: TenantContext) => Promise<unknown> = read,
): Promise<{ found: T; elsewhere?: undefined } | { found?: undefined; elsewhere: WorkspaceSummary }> {
  try {
    return { found: await read(tenant) };
  } catch (err) {
    if (toAppError(err)?.code !== "not_found") throw err;
  }
  const elsewhere = await findInOtherWorkspace(tenant.userId, tenant.workspaceId, probe);
  if (!elsewhere) notFound();
  return { elsewhere };
}

/** "This invoice is in workspace B — Switch": switching comes back to the same page, now in B. */
export function InOtherWorkspace({ noun, workspace, path }: { noun: string; workspace: WorkspaceSummary; path: string }) {
  return (
    <div className="panel" data-testid="in-other-workspace">
      <h1>
        This {noun} is in {workspace.name}
      </h1>
      <p>You are working in another workspace. Switch to {workspace.name} to open it.</p>
      <form action={switchWorkspaceAction} className="row">
        <input type="hidden" name="workspaceId" value={workspace.workspaceId} />
        <input type="hidden" name="next" value={path} />
        <SubmitButton pendingLabel="Switching…">Switch to {workspace.name}</SubmitButton>
      </form>
    </div>
  );
}
