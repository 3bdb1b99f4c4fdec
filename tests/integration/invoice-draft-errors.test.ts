import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pinClockForTests, setClockForTests } from "@/lib/clock";
import * as invoices from "@/modules/invoices/invoices.service";
import type { CreateInvoiceFields } from "@/modules/invoices/invoices.schemas";
import { ownerSql } from "../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../support/fixtures";
import { appErrorOf } from "../support/outcome";
import { api, expectProblem, keyFor } from "../support/api";

const owner = ownerSql();
afterAll(() => owner.end());
const TODAY = "2026-11-20";
beforeEach(() => pinClockForTests(`${TODAY}T10:00:00Z`));
afterEach(() => setClockForTests(null));

/** The mistakes of the UI issue, each on its own line or field, with the field it must be reported on. */
const MISTAKES = {
  emptyDescription: { field: "lines.0.description", apiField: "lines.0.description" },
  negativeQuantity: { field: "lines.1.quantity", apiField: "lines.1.quantity" },
  wordQuantity: { field: "lines.2.quantity", apiField: "lines.2.quantity" },
  negativePrice: { field: "lines.3.unitPrice", apiField: "lines.3.unit_price" },
  hugePercent: { field: "lines.4.discount.value", apiField: "lines.4.discount.value" },
  dueBeforeIssue: { field: "dueDate", apiField: "due_date" },
} as const;
type Mistake = keyof typeof MISTAKES;

/** A draft of five lines that is valid except for the chosen mistakes. */
function draftWith(fx: WorkspaceFixture, mistakes: ReadonlySet<Mistake>): CreateInvoiceFields {
  const line = (description: string, quantity: string, unitPrice: string, percent?: string) => ({
    description,
    quantity,
    unitPrice,
    taxRateId: null,
    ...(percent ? { discount: { kind: "percent" as const, value: percent } } : {}),
  });
  return {
    clientId: fx.clientId,
    issueDate: "2026-11-10",
    dueDate: mistakes.has("dueBeforeIssue") ? "2026-11-01" : "2026-12-10",
    lines: [
      line(mistakes.has("emptyDescription") ? "" : "Design", "1", "10.00"),
      line("Hosting", mistakes.has("negativeQuantity") ? "-3" : "2", "5.00"),
      line("Support", mistakes.has("wordQuantity") ? "abc" : "1", "7.50"),
      line("Licence", "1", mistakes.has("negativePrice") ? "-50" : "50"),
      line("Training", "1", "20.00", mistakes.has("hugePercent") ? "150" : "10"),
    ],
  };
}

function toApiBody(input: CreateInvoiceFields): Record<string, unknown> {
  return {
    client_id: input.clientId,
    issue_date: input.issueDate,
    due_date: input.dueDate,
    lines: input.lines!.map((l) => ({ description: l.description, quantity: l.quantity, unit_price: l.unitPrice, discount: l.discount })),
  };
}

const mistakeSets = fc.subarray(Object.keys(MISTAKES) as Mistake[], { minLength: 1 }).map((list) => new Set(list));

describe("the invoice editor's errors come all at once, not in waves", () => {
  let fx: WorkspaceFixture;
  let token: string;
  beforeAll(async () => {
    fx = await workspaceFixture(owner, "owner", "waves");
    token = await keyFor(fx.actor, "admin");
  });

  it("the service reports every mistake of any combination in one error (create and update)", async () => {
    const draft = await invoices.createInvoice(fx.actor, draftWith(fx, new Set()));
    await fc.assert(
      fc.asyncProperty(mistakeSets, async (mistakes) => {
        const expected = [...mistakes].map((m) => MISTAKES[m].field).sort();
        const created = await appErrorOf(invoices.createInvoice(fx.actor, draftWith(fx, mistakes)));
        expect(created.code).toBe("validation_failed");
        expect(Object.keys(created.fieldErrors ?? {}).sort()).toEqual(expected);
        const { clientId: _clientId, ...changes } = draftWith(fx, mistakes);
        const updated = await appErrorOf(invoices.updateInvoice(fx.actor, draft.id, changes));
        expect(Object.keys(updated.fieldErrors ?? {}).sort()).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it("the API reports them all on the request's own field names", async () => {
    await fc.assert(
      fc.asyncProperty(mistakeSets, async (mistakes) => {
        const problem = expectProblem(await api("POST", "/api/v1/invoices", { token, body: toApiBody(draftWith(fx, mistakes)) }), 422);
        expect(Object.keys(problem.errors ?? {}).sort()).toEqual([...mistakes].map((m) => MISTAKES[m].apiField).sort());
      }),
      { numRuns: 15 },
    );
  });
});

describe("absurd dates", () => {
  it("an issue or due date more than 10 years from today is refused next to its field, with the window in the message", async () => {
    const fx = await workspaceFixture(owner, "owner", "dates");
    const base = { clientId: fx.clientId, lines: [{ description: "Work", quantity: "1", unitPrice: "10", taxRateId: null }] };
    for (const issueDate of ["2999-12-01", "2036-11-21", "2016-11-19", "1901-01-01"]) {
      const err = await appErrorOf(
        invoices.createInvoice(fx.actor, { ...base, issueDate, dueDate: "2026-12-01" > issueDate ? "2026-12-01" : issueDate }),
      );
      expect(Object.keys(err.fieldErrors ?? {}), issueDate).toEqual(["issueDate"]);
      expect(err.fieldErrors!.issueDate![0]).toBe("Use an issue date within 10 years of today: from 2016-11-20 to 2036-11-20");
    }
    const late = await appErrorOf(invoices.createInvoice(fx.actor, { ...base, issueDate: "2026-11-20", dueDate: "2040-01-01" }));
    expect(late.fieldErrors).toEqual({ dueDate: ["Use a due date within 10 years of today: from 2016-11-20 to 2036-11-20"] });
    // The edges are accepted.
    expect((await invoices.createInvoice(fx.actor, { ...base, issueDate: "2016-11-20", dueDate: "2036-11-20" })).status).toBe("draft");
  });
});
