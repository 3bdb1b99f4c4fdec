import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routeErrors } from "@/components/invoice-editor/field-errors";
import { editorPayload } from "@/components/invoice-editor/payload";
import { computeLive } from "@/components/invoice-editor/live-totals";
import { EMPTY_LINE, type EditorHeader, type KeyedLine } from "@/components/invoice-editor/types";

/*
 * The invoice editor's plain logic, split out of the component: where each server error shows, the
 * JSON the form posts, and the live totals. The editor's markup is driven in tests/e2e/invoicing.test.ts.
 */
const LINE_PLACES: [string, string[]][] = [
  ["description", ["description"]],
  ["quantity", ["quantity", "unitCode"]],
  ["unitPrice", ["unitPrice"]],
  ["taxRateId", ["taxRateId"]],
  ["discount", ["discount", "discount.value", "discount.kind"]],
];
const LINE_FIELDS = LINE_PLACES.flatMap(([, fields]) => fields);
const TOP_FIELDS = [
  "clientId",
  "currency",
  "issueDate",
  "dueDate",
  "notes",
  "buyerReference",
  "purchaseOrderReference",
  "discount",
  "discount.value",
  "discount.kind",
];

const header: EditorHeader = {
  clientId: "c1",
  currency: " eur ",
  issueDate: "2026-11-01",
  dueDate: "2026-12-01",
  notes: "Thanks",
  buyerReference: "04011000-12345-03",
  purchaseOrderReference: "",
  discountKind: "percent",
  discountValue: " 10 ",
};

describe("routeErrors", () => {
  it("shows every server message exactly once: under its header field, its line (followed by key), or in the banner", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(20), { maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.array(
          fc.oneof(
            fc.constantFrom(...TOP_FIELDS),
            fc.tuple(fc.nat(7), fc.constantFrom(...LINE_FIELDS)).map(([i, f]) => `lines.${i}.${f}`),
            fc.constantFrom("lines", "workspace", "lines.x"),
          ),
          { maxLength: 12 },
        ),
        (submittedKeys, kept, fields) => {
          // The lines on screen now: some of the submitted ones (maybe reordered) and a new one.
          const lines: KeyedLine[] = [...submittedKeys.filter((_, i) => kept[i]).reverse(), 99].map((key) => ({ ...EMPTY_LINE, key }));
          const errors = Object.fromEntries(fields.map((f, i) => [f, [`m${i}`]]));
          const routed = routeErrors(errors, submittedKeys, lines);
          const shown = [
            ...TOP_FIELDS.flatMap((f) => routed.top(f) ?? []),
            ...lines.flatMap((l) => LINE_PLACES.flatMap(([, fs]) => routed.line(l.key, ...fs) ?? [])),
            ...routed.other,
          ];
          expect(shown.sort()).toEqual(Object.values(errors).flat().sort());
          expect(routed.line(99, "description")).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("editorPayload", () => {
  it("posts trimmed, upper-cased values, null for no tax or no discount, the lines in screen order", () => {
    const lines: KeyedLine[] = [
      {
        key: 5,
        description: "Design",
        quantity: " 2 ",
        unitCode: "HUR",
        unitPrice: " 150.00 ",
        taxRateId: "t1",
        discountKind: "none",
        discountValue: "3",
      },
      {
        key: 1,
        description: " Hosting ",
        quantity: "1",
        unitCode: "C62",
        unitPrice: "9.99",
        taxRateId: "",
        discountKind: "amount",
        discountValue: " 1 ",
      },
    ];
    expect(JSON.parse(editorPayload(header, lines))).toEqual({
      clientId: "c1",
      currency: "EUR",
      issueDate: "2026-11-01",
      dueDate: "2026-12-01",
      notes: "Thanks",
      buyerReference: "04011000-12345-03",
      purchaseOrderReference: "",
      discount: { kind: "percent", value: "10" },
      lines: [
        { description: "Design", quantity: "2", unitCode: "HUR", unitPrice: "150.00", taxRateId: "t1", discount: null },
        {
          description: " Hosting ",
          quantity: "1",
          unitCode: "C62",
          unitPrice: "9.99",
          taxRateId: null,
          discount: { kind: "amount", value: "1" },
        },
      ],
    });
  });
});

describe("computeLive", () => {
  const rates = new Map([["t1", { id: "t1", name: "VAT", rateMilliPercent: 20000, archived: false }]]);
  const line = (patch: Partial<KeyedLine>): KeyedLine => ({ ...EMPTY_LINE, key: 0, ...patch });

  it("computes line amounts and totals as typed; a line that does not parse yet blanks the totals, not the other lines", () => {
    const ok = computeLive({ ...header, discountKind: "none" }, [line({ quantity: "2", unitPrice: "150", taxRateId: "t1" })], rates);
    expect(ok).toMatchObject({ currency: "EUR", lineNets: [30000], totals: { subtotalMinor: 30000, taxMinor: 6000, totalMinor: 36000 } });
    const half = computeLive(header, [line({ unitPrice: "10" }), line({ key: 1, unitPrice: "ten" })], rates);
    expect(half.lineNets).toEqual([1000, null]);
    expect(half.totals).toBeNull();
    expect(computeLive({ ...header, currency: "XX" }, [line({ unitPrice: "1" })], rates)).toEqual({
      currency: null,
      lineNets: [null],
      totals: null,
    });
  });
});
