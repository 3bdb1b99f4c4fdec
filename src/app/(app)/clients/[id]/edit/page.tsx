import { requireTenant } from "@/identity/request-context";
import { getClient } from "@/modules/clients/clients.service";
import { notFoundOnMissing } from "@/app/not-found-on-missing";
import { ClientForm } from "../../client-form";
import { updateClientAction } from "../../actions";

export const metadata = { title: "Edit client" };

export default async function EditClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const tenant = await requireTenant();
  const client = await notFoundOnMissing(getClient(tenant, id));
  return (
    <>
      <h1>Edit {client.name}</h1>
      <ClientForm
        action={updateClientAction.bind(null, client.id)}
        initial={{
          name: client.name,
          email: client.email ?? "",
          billingAddress: client.billingAddress ?? "",
          taxId: client.taxId ?? "",
          street: client.street ?? "",
          city: client.city ?? "",
          postcode: client.postcode ?? "",
          countryCode: client.countryCode ?? "",
          vatId: client.vatId ?? "",
          endpointId: client.endpointId ?? "",
          endpointScheme: client.endpointScheme ?? "",
          currency: client.currency,
          notes: client.notes ?? "",
        }}
        submitLabel="Save changes"
        cancelHref={`/clients/${client.id}`}
      />
    </>
  );
}
