export type DiscountKind = "none" | "percent" | "amount";

export interface InvoiceEditorLine {
  description: string;
  quantity: string;
  /** UN/ECE Recommendation 20 unit code. */
  unitCode: string;
  unitPrice: string;
  /** "" for no tax. */
  taxRateId: string;
  discountKind: DiscountKind;
  discountValue: string;
}

export interface InvoiceEditorValues {
  clientId: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  notes: string;
  buyerReference: string;
  purchaseOrderReference: string;
  discountKind: DiscountKind;
  discountValue: string;
  lines: InvoiceEditorLine[];
}

/** The editor's fields above and below the lines. */
export type EditorHeader = Omit<InvoiceEditorValues, "lines">;

export interface EditorClient {
  id: string;
  name: string;
  currency: string;
}

export interface EditorTaxRate {
  id: string;
  name: string;
  rateMilliPercent: number;
  archived: boolean;
}

/** A line with a key that stays with it while lines move, so React keeps each row's inputs. */
export interface KeyedLine extends InvoiceEditorLine {
  key: number;
}

export const EMPTY_LINE: InvoiceEditorLine = {
  description: "",
  quantity: "1",
  unitCode: "C62",
  unitPrice: "",
  taxRateId: "",
  discountKind: "none",
  discountValue: "",
};
