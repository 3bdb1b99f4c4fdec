import Link from "next/link";
import { requireTenant } from "@/server/auth/request-context";
import { listClients } from "@/modules/clients/clients.service";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const tenant = await requireTenant();
  const [active, archived] = await Promise.all([
    listClients(tenant, { status: "active", pageSize: 5 }),
    listClients(tenant, { status: "archived", pageSize: 1 }),
  ]);
  return (
    <>
      <h1 data-testid="workspace-name">{tenant.workspaceName}</h1>
      <div className="stats">
        <div className="panel stat">
          <div className="hint">Active clients</div>
          <div className="value" data-testid="active-clients">{active.total}</div>
        </div>
        <div className="panel stat">
          <div className="hint">Archived clients</div>
          <div className="value">{archived.total}</div>
        </div>
        <div className="panel stat">
          <div className="hint">Your role</div>
          <div className="value">{tenant.role}</div>
        </div>
      </div>
      <h2>Clients</h2>
      {active.items.length === 0 ? (
        <div className="panel empty">
          No clients yet. <Link href="/clients/new">Add your first client</Link>
        </div>
      ) : (
        <ul>
          {active.items.map((c) => (
            <li key={c.id}>
              <Link href={`/clients/${c.id}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
