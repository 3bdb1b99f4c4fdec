import { AppError } from "@/platform/errors";

/** The status machine of an invoice; the service asks it before every change. */

export const INVOICE_STATUSES = ["draft", "sent", "overdue", "paid", "void"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_ACTIONS = [
  "edit",
  "delete",
  "send",
  "mark_overdue",
  "record_payment",
  "settle",
  "reopen",
  "void",
  "duplicate",
] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

/** What `delete` leads to: the invoice no longer exists. */
export const DELETED = "deleted" as const;
export type InvoiceOutcome = InvoiceStatus | typeof DELETED;

/** A duplicate always starts life as a draft; the source keeps its own status. */
export const DUPLICATE_STATUS: InvoiceStatus = "draft";

export interface ReopenOptions {
  /** The due date has passed: a reopened invoice is overdue rather than sent. */
  pastDue: boolean;
}

type Transition = (status: InvoiceStatus, opts: ReopenOptions | undefined) => InvoiceOutcome;

const keep: Transition = (status) => status;

/** For each action, the statuses it may start from and where it leads. Anything missing is refused. */
const TRANSITIONS: Record<InvoiceAction, Partial<Record<InvoiceStatus, Transition>>> = {
  edit: { draft: keep },
  delete: { draft: () => DELETED },
  send: { draft: () => "sent" },
  mark_overdue: { sent: () => "overdue" },
  record_payment: { sent: keep, overdue: keep },
  settle: { sent: () => "paid", overdue: () => "paid" },
  reopen: {
    paid: (_status, opts) => {
      if (opts === undefined) throw new TypeError("reopen needs { pastDue } to choose between sent and overdue");
      return opts.pastDue ? "overdue" : "sent";
    },
  },
  void: { draft: () => "void", sent: () => "void", overdue: () => "void" },
  duplicate: { draft: keep, sent: keep, overdue: keep, paid: keep, void: keep },
};

/** How each action reads in "Cannot … an invoice that is <status>". */
const ACTION_PHRASES: Record<InvoiceAction, string> = {
  edit: "edit",
  delete: "delete",
  send: "send",
  mark_overdue: "mark as overdue",
  record_payment: "record a payment on",
  settle: "settle",
  reopen: "reopen",
  void: "void",
  duplicate: "duplicate",
};

/**
 * What the invoice still owes: nothing for a draft (not yet asked for) or a void invoice (cancelled),
 * otherwise its total less what was paid. The one rule behind the stored `balance_due_minor` (which a
 * check constraint holds to it), and so behind the API, the CSV, the dashboard and the pages.
 */
export function balanceDue(status: InvoiceStatus, totalMinor: number, amountPaidMinor: number): number {
  return status === "draft" || status === "void" ? 0 : totalMinor - amountPaidMinor;
}

export function canApply(status: InvoiceStatus, action: InvoiceAction): boolean {
  return TRANSITIONS[action]?.[status] !== undefined;
}

/** The actions allowed from `status`, in INVOICE_ACTIONS order (for showing only the buttons that work). */
export function allowedActions(status: InvoiceStatus): InvoiceAction[] {
  return INVOICE_ACTIONS.filter((action) => canApply(status, action));
}

/**
 * The status after `action`, or AppError("invalid_state") (409) naming the current status.
 * `reopen` (a payment was removed from a paid invoice) needs `{ pastDue }`.
 */
export function nextStatus(status: InvoiceStatus, action: "delete"): typeof DELETED;
export function nextStatus(status: InvoiceStatus, action: "reopen", opts: ReopenOptions): InvoiceStatus;
export function nextStatus(status: InvoiceStatus, action: Exclude<InvoiceAction, "delete" | "reopen">): InvoiceStatus;
export function nextStatus(status: InvoiceStatus, action: InvoiceAction, opts?: ReopenOptions): InvoiceOutcome;
export function nextStatus(status: InvoiceStatus, action: InvoiceAction, opts?: ReopenOptions): InvoiceOutcome {
  const transition = TRANSITIONS[action]?.[status];
  if (transition === undefined) {
    const phrase = ACTION_PHRASES[action] ?? String(action);
    throw new AppError("invalid_state", `Cannot ${phrase} an invoice that is ${String(status)}`);
  }
  return transition(status, opts);
}
