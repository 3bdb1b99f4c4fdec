import type { RequestTenant } from "@/identity/request-context";
import { clientChoices } from "@/modules/clients/clients.service";
import { listTaxRates } from "@/modules/tax-rates/tax-rates.service";
import { getInvoiceSettings } from "@/modules/invoice-settings/invoice-settings.service";
import type { EditorClient, EditorTaxRate } from "@/components/invoice-editor";

/**
 * What the editor offers: active clients and active tax rates, plus the client and archived rates an
 * existing draft already uses (so editing it never silently drops them).
 */
export async function loadEditorOptions(
  tenant: RequestTenant,
  keep: { client?: EditorClient; taxRateIds?: string[] } = {},
): Promise<{ clients: EditorClient[]; taxRates: EditorTaxRate[]; defaultCurrency: string; paymentTermsDays: number }> {
  const keepRates = new Set(keep.taxRateIds ?? []);
  const [activeClients, rates, settings] = await Promise.all([
    clientChoices(tenant, "active"),
    listTaxRates(tenant, { includeArchived: keepRates.size > 0 }),
    getInvoiceSettings(tenant),
  ]);
  const clients: EditorClient[] = activeClients.map((c) => ({ id: c.id, name: c.name, currency: c.currency }));
  if (keep.client && !clients.some((c) => c.id === keep.client?.id)) clients.unshift(keep.client);
  const taxRates = rates
    .filter((r) => !r.archivedAt || keepRates.has(r.id))
    .map((r) => ({ id: r.id, name: r.name, rateMilliPercent: r.rateMilliPercent, archived: r.archivedAt !== null }));
  return { clients, taxRates, defaultCurrency: settings.defaultCurrency, paymentTermsDays: settings.paymentTermsDays };
}
