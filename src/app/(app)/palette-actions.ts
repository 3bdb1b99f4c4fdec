"use server";

import { listClients } from "@/modules/clients/clients.service";
import { listInvoices } from "@/modules/invoices/invoices.service";
import type { PaletteResults } from "@/components/command-palette/types";
import { tenantAction } from "../server-action";

/** How many of each kind the palette shows for a term. */
const PER_KIND = 6;

/**
 * The command palette's search: clients and invoices of the active workspace whose text contains the
 * term (the lists' own search, so the same folding, permissions and workspace). A term the lists refuse
 * (too long, unstorable) comes back as a message, never as results of another term.
 */
export const paletteSearchAction = tenantAction("invoice.read", async (tenant, term: unknown): Promise<PaletteResults> => {
  const q = typeof term === "string" ? term : "";
  if (q.trim() === "") return { clients: [], invoices: [] };
  const [clients, invoices] = await Promise.all([
    listClients(tenant, { q, status: "all", sort: "name", dir: "asc", limit: PER_KIND }),
    listInvoices(tenant, { q, limit: PER_KIND }),
  ]);
  return {
    clients: clients.items.map((c) => ({ id: c.id, name: c.name, email: c.email, archived: c.archivedAt !== null })),
    invoices: invoices.items.map((i) => ({ id: i.id, number: i.number, clientName: i.clientName, status: i.status })),
  };
});
