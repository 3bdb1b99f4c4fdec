import type { FormState } from "@/components/forms/form-state";
import type { InvoiceStatus } from "@/modules/invoices/invoice-lifecycle";

/** What the palette's search action answers: matches of each kind, or a message (a refused term). */
export interface PaletteResults extends FormState {
  clients?: { id: string; name: string; email: string | null; archived: boolean }[];
  invoices?: { id: string; number: string | null; clientName: string; status: InvoiceStatus }[];
}

export interface PalettePage {
  href: string;
  label: string;
}
