import { notFound } from "next/navigation";
import { requireTenant } from "@/identity/request-context";
import { can, ROLE_RANK, ROLES } from "@/platform/permissions";
import { appUrl } from "@/platform/config";
import { listApiKeys } from "@/modules/api-keys/api-keys.service";
import { CreateKeyForm } from "./create-key-form";
import { RevokeButton } from "./revoke-button";

export const metadata = { title: "API keys" };

function day(d: Date | null): string {
  return d ? d.toISOString().slice(0, 16).replace("T", " ") : "—";
}

export default async function ApiKeysPage() {
  const tenant = await requireTenant();
  if (!can(tenant.role, "api_key.read")) notFound();
  const keys = await listApiKeys(tenant);
  const roles = ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[tenant.role]);
  return (
    <>
      <h1>API keys</h1>
      <p className="hint">
        A key acts in this workspace only, with the role you choose. Send it as <code>Authorization: Bearer wl_live_…</code> to{" "}
        <code>{appUrl()}/api/v1</code>; the reference is at <a href="/api/docs">/api/docs</a>.
      </p>
      {can(tenant.role, "api_key.create") ? <CreateKeyForm roles={[...roles]} /> : null}
      <h2>Keys</h2>
      {keys.length === 0 ? (
        <div className="panel empty">No API keys yet.</div>
      ) : (
        <table className="table-cards">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Role</th>
              <th>Created by</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td data-label="Key">
                  <code>{k.prefix}…</code>
                </td>
                <td data-label="Role">
                  <span className="badge">{k.role}</span>
                </td>
                <td data-label="Created by">{k.createdBy.name}</td>
                <td data-label="Created">{day(k.createdAt)}</td>
                <td data-label="Last used">{day(k.lastUsedAt)}</td>
                <td data-label="Expires">{day(k.expiresAt)}</td>
                <td>
                  {k.revokedAt ? (
                    <span className="badge">revoked {day(k.revokedAt)}</span>
                  ) : can(tenant.role, "api_key.revoke") ? (
                    <RevokeButton id={k.id} name={k.name} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
