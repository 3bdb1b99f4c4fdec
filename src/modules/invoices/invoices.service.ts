/**
 * The invoices module's service, split by verb: reading (invoice-read), writing drafts (invoice-write,
 * on invoice-draft's validation and totals) and status changes (invoice-status). Routes, pages and
 * other modules import from here.
 */
export {
  exportInvoicesCsv,
  getInvoice,
  getInvoicePdf,
  invoiceForPayment,
  invoiceInScope,
  invoiceNumbers,
  listInvoices,
  listInvoicesForExport,
  countInvoices,
  listOpenInvoicesDueBefore,
  loadInvoice,
  renderStoredInvoicePdf,
} from "./invoice-read";
export { clientBalances, type ClientBalance } from "./client-balance";
export { einvoiceModelIn, facturxPdfIn } from "./invoice-einvoice";
export { createInvoice, deleteInvoice, duplicateInvoice, explainRefusedDraft, updateInvoice } from "./invoice-write";
export { applyAmountPaid, markOverdueBatch, markOverdueIn, sendInvoice, voidInvoice } from "./invoice-status";
export {
  checkPublicInvoiceLink,
  ensureInvoiceLink,
  getInvoiceLink,
  INVOICE_LINK_TOKEN,
  invoiceLinkInScope,
  publicInvoicePdf,
  regenerateInvoiceLink,
  revokeInvoiceLink,
  viewPublicInvoice,
  type InvoiceLinkDto,
  type PublicInvoiceView,
} from "./invoice-links";
export {
  deliveriesInScope,
  emailDraftInScope,
  listInvoiceDeliveries,
  resendInvoiceEmail,
  sendInvoiceWithEmail,
  type SentInvoice,
} from "./invoice-email";
