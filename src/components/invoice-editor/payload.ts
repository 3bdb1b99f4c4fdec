import type { DiscountKind, EditorHeader, KeyedLine } from "./types";

const discountOf = (kind: DiscountKind, value: string) => (kind === "none" ? null : { kind, value: value.trim() });

/** The invoice as the server action reads it (JSON in one hidden field); the service validates every key. */
export function editorPayload(header: EditorHeader, lines: KeyedLine[]): string {
  return JSON.stringify({
    clientId: header.clientId,
    currency: header.currency.trim().toUpperCase(),
    issueDate: header.issueDate,
    dueDate: header.dueDate,
    notes: header.notes,
    buyerReference: header.buyerReference,
    purchaseOrderReference: header.purchaseOrderReference,
    discount: discountOf(header.discountKind, header.discountValue),
    lines: lines.map((l) => ({
      description: l.description,
      quantity: l.quantity.trim(),
      unitCode: l.unitCode,
      unitPrice: l.unitPrice.trim(),
      taxRateId: l.taxRateId || null,
      discount: discountOf(l.discountKind, l.discountValue),
    })),
  });
}
