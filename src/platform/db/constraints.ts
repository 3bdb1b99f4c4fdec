/**
 * What a violated constraint means to the person who sent the request: the field to put the message
 * next to (camelCase, as services name fields; the API turns it into snake_case) and the message.
 * The database is the final judge of these rules — a check in a service only gives a nicer message
 * earlier — so a concurrent request that slips past the service still gets a 409/422 from here.
 */
export interface ConstraintMeaning {
  field?: string;
  message: string;
  /** What to say next to the field, when it differs from the message. */
  fieldMessage?: string;
  /** For foreign keys: the message when the row is still referenced (a delete), not missing (an insert). */
  stillReferenced?: string;
}

export const CONSTRAINT_MEANINGS: Record<string, ConstraintMeaning> = {
  // Unique (23505)
  tax_rates_active_name_key: {
    field: "name",
    message: "An active tax rate with this name already exists",
    fieldMessage: "This name is already used by an active rate",
  },
  invoices_workspace_number_key: { field: "number", message: "This invoice number is already taken in this workspace" },
  workspaces_slug_key: { field: "slug", message: "This workspace address is already taken" },
  users_email_key: { field: "email", message: "An account with this email already exists" },
  invitations_one_pending_per_email: { field: "email", message: "This email already has a pending invitation" },
  reminder_rules_offset_key: {
    field: "offsetDays",
    message: "A reminder rule with this offset already exists",
    fieldMessage: "There is already a rule for this day",
  },
  members_organization_user_key: { field: "userId", message: "This person is already a member of the workspace" },
  // Foreign keys (23503)
  invoices_client_fk: {
    field: "clientId",
    message: "The client does not exist (any more) in this workspace",
    stillReferenced: "This client has invoices, which must be kept; archive the client instead",
  },
  invoice_lines_tax_rate_fk: {
    field: "taxRateId",
    message: "The tax rate does not exist (any more) in this workspace",
    stillReferenced: "This tax rate is used on invoices; archive it instead",
  },
  payments_invoice_fk: {
    field: "invoiceId",
    message: "The invoice does not exist (any more) in this workspace",
    stillReferenced: "This invoice has payments; delete them first",
  },
  // Checks (23514)
  invoices_due_after_issue: { field: "dueDate", message: "The due date cannot be before the issue date" },
  invoices_amounts_non_negative: { field: "amount", message: "Payments would exceed the invoice total" },
  payments_amount_positive: { field: "amount", message: "The amount must be above zero" },
  tax_rates_rate_range: { field: "rate", message: "A rate is between 0 and 100 %" },
  invoice_settings_terms_range: { field: "paymentTermsDays", message: "Payment terms are between 0 and 365 days" },
  reminder_rules_offset_range: { field: "offsetDays", message: "A reminder is between 60 days before and 365 days after the due date" },
  invoice_lines_non_negative: { message: "Quantities and prices cannot be negative" },
};
