import { describe, expect, it } from "vitest";
import {
  allowedActions,
  canApply,
  INVOICE_ACTIONS,
  INVOICE_STATUSES,
  nextStatus,
  type InvoiceAction,
  type InvoiceOutcome,
  type InvoiceStatus,
} from "@/modules/invoices/invoice-lifecycle";
import { AppError } from "@/platform/errors";

const REFUSED = "409" as const;
type Expected = InvoiceOutcome | typeof REFUSED;

/** The whole machine, written out: every status × every action (reopen with pastDue false | true). */
const TABLE: Record<InvoiceStatus, Record<Exclude<InvoiceAction, "reopen">, Expected> & { reopen: [Expected, Expected] }> = {
  draft: {
    edit: "draft",
    delete: "deleted",
    send: "sent",
    mark_overdue: REFUSED,
    record_payment: REFUSED,
    settle: REFUSED,
    reopen: [REFUSED, REFUSED],
    void: "void",
    duplicate: "draft",
  },
  sent: {
    edit: REFUSED,
    delete: REFUSED,
    send: REFUSED,
    mark_overdue: "overdue",
    record_payment: "sent",
    settle: "paid",
    reopen: [REFUSED, REFUSED],
    void: "void",
    duplicate: "sent",
  },
  overdue: {
    edit: REFUSED,
    delete: REFUSED,
    send: REFUSED,
    mark_overdue: REFUSED,
    record_payment: "overdue",
    settle: "paid",
    reopen: [REFUSED, REFUSED],
    void: "void",
    duplicate: "overdue",
  },
  paid: {
    edit: REFUSED,
    delete: REFUSED,
    send: REFUSED,
    mark_overdue: REFUSED,
    record_payment: REFUSED,
    settle: REFUSED,
    reopen: ["sent", "overdue"],
    void: REFUSED,
    duplicate: "paid",
  },
  void: {
    edit: REFUSED,
    delete: REFUSED,
    send: REFUSED,
    mark_overdue: REFUSED,
    record_payment: REFUSED,
    settle: REFUSED,
    reopen: [REFUSED, REFUSED],
    void: REFUSED,
    duplicate: "void",
  },
};

const cases: [InvoiceStatus, InvoiceAction, boolean, Expected][] = INVOICE_STATUSES.flatMap((status) =>
  INVOICE_ACTIONS.flatMap((action): [InvoiceStatus, InvoiceAction, boolean, Expected][] => {
    if (action === "reopen") {
      const [notPastDue, pastDue] = TABLE[status].reopen;
      return [
        [status, action, false, notPastDue],
        [status, action, true, pastDue],
      ];
    }
    return [[status, action, false, TABLE[status][action]]];
  }),
);

describe("invoice lifecycle", () => {
  it("covers every status and every action", () => {
    expect(cases).toHaveLength(INVOICE_STATUSES.length * (INVOICE_ACTIONS.length + 1));
    expect(INVOICE_STATUSES).toEqual(["draft", "sent", "overdue", "paid", "void"]);
    expect(INVOICE_ACTIONS).toEqual(["edit", "delete", "send", "mark_overdue", "record_payment", "settle", "reopen", "void", "duplicate"]);
  });

  it.each(cases)("%s + %s (pastDue %s) → %s", (status, action, pastDue, expected) => {
    const apply = () => nextStatus(status, action, { pastDue });
    if (expected === REFUSED) {
      expect(canApply(status, action)).toBe(false);
      let caught: unknown;
      try {
        apply();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      const error = caught as AppError;
      expect(error.code).toBe("invalid_state");
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/^Cannot .+ an invoice that is /);
      expect(error.message.endsWith(`an invoice that is ${status}`)).toBe(true);
    } else {
      expect(canApply(status, action)).toBe(true);
      expect(apply()).toBe(expected);
    }
  });

  it("names the action in plain words", () => {
    expect(() => nextStatus("paid", "record_payment")).toThrow("Cannot record a payment on an invoice that is paid");
    expect(() => nextStatus("void", "send")).toThrow("Cannot send an invoice that is void");
    expect(() => nextStatus("draft", "mark_overdue")).toThrow("Cannot mark as overdue an invoice that is draft");
  });

  it("needs pastDue to reopen a paid invoice", () => {
    expect(() => nextStatus("paid", "reopen", undefined)).toThrow(TypeError);
    // A refused reopen is still a 409, with or without options.
    expect(() => nextStatus("sent", "reopen", undefined)).toThrow(AppError);
  });

  it("lists the allowed actions per status", () => {
    expect(allowedActions("draft")).toEqual(["edit", "delete", "send", "void", "duplicate"]);
    expect(allowedActions("sent")).toEqual(["mark_overdue", "record_payment", "settle", "void", "duplicate"]);
    expect(allowedActions("overdue")).toEqual(["record_payment", "settle", "void", "duplicate"]);
    expect(allowedActions("paid")).toEqual(["reopen", "duplicate"]);
    expect(allowedActions("void")).toEqual(["duplicate"]);
  });
});
