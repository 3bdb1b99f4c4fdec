import { useRef, useState } from "react";
import { addDays } from "@/lib/dates";
import {
  EMPTY_LINE,
  type EditorClient,
  type EditorHeader,
  type InvoiceEditorLine,
  type InvoiceEditorValues,
  type KeyedLine,
} from "./types";

/**
 * The editor's typed values and the ways to change them. Until the user types a currency or a due
 * date (on a new invoice), they follow the chosen client and the issue date.
 */
export function useEditorState(initial: InvoiceEditorValues, clients: EditorClient[], paymentTermsDays: number, isNew: boolean) {
  const { lines: initialLines, ...initialHeader } = initial;
  const [header, setHeader] = useState<EditorHeader>(initialHeader);
  const nextKey = useRef(initialLines.length);
  const [lines, setLines] = useState<KeyedLine[]>(() => initialLines.map((l, i) => ({ ...l, key: i })));
  const [currencyTouched, setCurrencyTouched] = useState(!isNew);
  const [dueTouched, setDueTouched] = useState(!isNew);

  const setField = <K extends keyof EditorHeader>(field: K, value: EditorHeader[K]) => setHeader((h) => ({ ...h, [field]: value }));
  const chooseClient = (clientId: string) => {
    const client = clients.find((c) => c.id === clientId);
    setHeader((h) => ({ ...h, clientId, currency: !currencyTouched && client ? client.currency : h.currency }));
  };
  const typeCurrency = (currency: string) => {
    setCurrencyTouched(true);
    setField("currency", currency.toUpperCase());
  };
  const chooseIssueDate = (issueDate: string) => {
    setHeader((h) => ({
      ...h,
      issueDate,
      dueDate: !dueTouched && issueDate ? addDays(issueDate, paymentTermsDays) || h.dueDate : h.dueDate,
    }));
  };
  const chooseDueDate = (dueDate: string) => {
    setDueTouched(true);
    setField("dueDate", dueDate);
  };

  const updateLine = (key: number, patch: Partial<InvoiceEditorLine>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const addLine = () => {
    const key = nextKey.current++;
    setLines((ls) => [...ls, { ...EMPTY_LINE, key }]);
  };
  const removeLine = (key: number) => setLines((ls) => ls.filter((l) => l.key !== key));
  const moveLine = (index: number, by: -1 | 1) =>
    setLines((ls) => {
      const target = index + by;
      if (target < 0 || target >= ls.length) return ls;
      const copy = [...ls];
      [copy[index], copy[target]] = [copy[target]!, copy[index]!];
      return copy;
    });

  return {
    header,
    lines,
    setField,
    chooseClient,
    typeCurrency,
    chooseIssueDate,
    chooseDueDate,
    lineEdits: { updateLine, addLine, removeLine, moveLine },
  };
}

export type LineEdits = ReturnType<typeof useEditorState>["lineEdits"];
