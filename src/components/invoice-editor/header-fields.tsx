import Link from "next/link";
import { invalid, LabelledField, type EditorErrors } from "./field-errors";
import type { EditorClient, EditorHeader } from "./types";

/** Client, currency, issue and due date. */
export function HeaderFields({
  header,
  clients,
  errors,
  onClient,
  onCurrency,
  onIssueDate,
  onDueDate,
}: {
  header: EditorHeader;
  clients: EditorClient[];
  errors: EditorErrors;
  onClient: (clientId: string) => void;
  onCurrency: (currency: string) => void;
  onIssueDate: (date: string) => void;
  onDueDate: (date: string) => void;
}) {
  const error = errors.top;
  return (
    <div className="panel">
      {/* One column on a phone, two on a tablet, four in a row from lg; no field is wider than its cell. */}
      <div className="grid grid-cols-1 gap-x-4 *:min-w-0 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr] [&_input]:w-full [&_input]:min-w-0 [&_select]:w-full [&_select]:min-w-0">
        <LabelledField id="field-clientId" label="Client" messages={error("clientId")}>
          <select
            id="field-clientId"
            value={header.clientId}
            onChange={(e) => onClient(e.target.value)}
            aria-invalid={invalid(error("clientId"))}
          >
            <option value="">Choose a client…</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </LabelledField>
        <LabelledField id="field-currency" label="Currency" messages={error("currency")}>
          <input
            id="field-currency"
            value={header.currency}
            maxLength={3}
            autoComplete="off"
            aria-invalid={invalid(error("currency"))}
            onChange={(e) => onCurrency(e.target.value)}
          />
        </LabelledField>
        <LabelledField id="field-issueDate" label="Issue date" messages={error("issueDate")}>
          <input
            id="field-issueDate"
            type="date"
            value={header.issueDate}
            aria-invalid={invalid(error("issueDate"))}
            onChange={(e) => onIssueDate(e.target.value)}
          />
        </LabelledField>
        <LabelledField id="field-dueDate" label="Due date" messages={error("dueDate")}>
          <input
            id="field-dueDate"
            type="date"
            value={header.dueDate}
            aria-invalid={invalid(error("dueDate"))}
            onChange={(e) => onDueDate(e.target.value)}
          />
        </LabelledField>
      </div>
      {clients.length === 0 ? (
        <p className="hint">
          No active clients yet. <Link href="/clients/new">Add a client</Link> first.
        </p>
      ) : null}
    </div>
  );
}
