import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { can } from "@/platform/permissions";
import { RenameWorkspaceForm } from "./rename-workspace-form";
import { DeleteWorkspaceForm } from "./delete-workspace-form";
import { TwoFactorRequirementForm } from "./two-factor-requirement-form";
import { getPlanUsage } from "@/modules/plans/plans.service";
import { FEATURES, LIMITS, LIMIT_LABELS } from "@/modules/plans/plans";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const tenant = await requireTenant();
  const canRename = can(tenant.role, "workspace.update");
  const plan = await getPlanUsage(tenant);
  return (
    <>
      <h1>Settings</h1>
      <div className="panel">
        <dl className="details">
          <dt>Workspace name</dt>
          <dd data-testid="settings-workspace-name">{tenant.workspaceName}</dd>
          <dt>Address (slug)</dt>
          <dd>
            <code>{tenant.workspaceSlug}</code>
            <br />
            <span className="hint">
              The address is fixed when the workspace is created and never changes, so links and integrations keep working after a rename.
            </span>
          </dd>
          <dt>Your role</dt>
          <dd>{tenant.role}</dd>
        </dl>
      </div>

      <h2>Plan</h2>
      <div className="panel" data-testid="plan-usage">
        <p>
          This workspace is on the <strong>{plan.plan.name}</strong> plan
          {plan.source === "stripe" && plan.subscriptionStatus ? ` (subscription ${plan.subscriptionStatus})` : ""}.
        </p>
        <table>
          <tbody>
            {LIMITS.map((l) => {
              const { used, max } = plan.usage[l];
              return (
                <tr key={l} data-limit={l} data-at-limit={max !== null && used >= max ? "true" : "false"}>
                  <th scope="row">{LIMIT_LABELS[l]}</th>
                  <td>
                    {used} of {max === null ? "unlimited" : max}
                    {max !== null && used >= max ? <span className="badge"> limit reached</span> : null}
                  </td>
                </tr>
              );
            })}
            {FEATURES.map((f) => (
              <tr key={f} data-feature={f}>
                <th scope="row">{LIMIT_LABELS[f]}</th>
                <td>{plan.features[f] ? "Included" : "Not in this plan"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Invoicing</h2>
      <div className="panel">
        Default currency, invoice numbering, payment terms and the sender printed on invoices:{" "}
        <Link href="/invoice-settings">Invoice settings</Link>. Tax rates: <Link href="/tax-rates">Tax rates</Link>.
        {can(tenant.role, "api_key.read") ? (
          <>
            {" "}
            Programs that use the REST API: <Link href="/api-keys">API keys</Link>.
          </>
        ) : null}
      </div>

      <h2>Rename</h2>
      {canRename ? (
        <RenameWorkspaceForm name={tenant.workspaceName} />
      ) : (
        <div className="panel hint">Only owners can rename the workspace.</div>
      )}

      <h2>Security</h2>
      {canRename ? (
        <TwoFactorRequirementForm required={tenant.requireTwoFactor} />
      ) : (
        <div className="panel hint" data-testid="two-factor-requirement">
          {tenant.requireTwoFactor
            ? "This workspace requires two-factor authentication."
            : "Two-factor authentication is optional in this workspace."}{" "}
          Only owners change this.
        </div>
      )}

      {can(tenant.role, "workspace.delete") ? (
        <div className="panel danger-zone" style={{ marginTop: "1.5rem" }}>
          <h2>Danger zone</h2>
          <p>
            Deleting <strong>{tenant.workspaceName}</strong> removes it for every member, with all its clients, invoices, invitations and
            its audit log. This cannot be undone. Your other workspaces are not affected.
          </p>
          <DeleteWorkspaceForm name={tenant.workspaceName} />
        </div>
      ) : null}
    </>
  );
}
