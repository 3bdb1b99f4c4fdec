import { requireTenant } from "@/identity/request-context";
import { ClientForm } from "../client-form";
import { createClientAction } from "../actions";

export const metadata = { title: "New client" };

export default async function NewClientPage() {
  await requireTenant();
  return (
    <>
      <h1>New client</h1>
      <ClientForm action={createClientAction} initial={{ currency: "EUR" }} submitLabel="Create client" cancelHref="/clients" />
    </>
  );
}
