import Link from "next/link";
import { requireTenant } from "@/identity/request-context";
import { can } from "@/platform/permissions";
import { getClient } from "@/modules/clients/clients.service";
import { notFoundOnMissing } from "@/app/not-found-on-missing";
import { ClientActions } from "./client-actions";

export const metadata = { title: "Client" };

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const tenant = await requireTenant();
  const client = await notFoundOnMissing(getClient(tenant, id));
  return (
    <>
      <div className="row between">
        <h1>
          {client.name} {client.archivedAt ? <span className="badge">archived</span> : null}
        </h1>
        <div className="row">
          <Link href={`/clients/${client.id}/edit`} className="button secondary">
            Edit
          </Link>
          <ClientActions
            id={client.id}
            name={client.name}
            archived={client.archivedAt !== null}
            canDelete={can(tenant.role, "client.delete")}
          />
        </div>
      </div>
      <div className="panel">
        <dl className="details">
          <dt>Email</dt>
          <dd>{client.email ?? "—"}</dd>
          <dt>Billing address</dt>
          <dd>{client.billingAddress ?? "—"}</dd>
          <dt>Tax id</dt>
          <dd>{client.taxId ?? "—"}</dd>
          <dt>Default currency</dt>
          <dd>{client.currency}</dd>
          <dt>Notes</dt>
          <dd>{client.notes ?? "—"}</dd>
          <dt>Added</dt>
          <dd>{client.createdAt.toISOString().slice(0, 10)}</dd>
        </dl>
      </div>
      <p>
        <Link href="/clients">← All clients</Link>
      </p>
    </>
  );
}
