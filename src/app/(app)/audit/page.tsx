import { notFound } from "next/navigation";
import { requireTenant } from "@/identity/request-context";
import { listAuditEvents } from "@/modules/audit/audit.service";
import { AUDIT_ACTIONS, listAuditEventsQuery } from "@/modules/audit/audit.schemas";
import { parseInput } from "@/platform/validation";
import { CursorPager, cursorPosition } from "@/components/cursor-pager";
import { toAppError } from "@/platform/errors";
import { clientNames } from "@/modules/clients/clients.service";
import { invoiceNumbers } from "@/modules/invoices/invoices.service";
import { AuditDetail, AuditTarget, referencedIds, type AuditReferences } from "./audit-detail";

export const metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Owners and admins only; for anyone else the page does not exist (never reveal what they may not see). */
async function eventsOrNotFound(...args: Parameters<typeof listAuditEvents>) {
  try {
    return await listAuditEvents(...args);
  } catch (err) {
    const code = toAppError(err)?.code;
    if (code === "forbidden" || code === "not_found") notFound();
    throw err;
  }
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const tenant = await requireTenant();
  const sp = await searchParams;
  const action = first(sp.action) || undefined;
  let position = cursorPosition(sp);
  let page;
  let error: string | undefined;
  try {
    page = await eventsOrNotFound(tenant, parseInput(listAuditEventsQuery, { action, cursor: position.cursor, limit: PAGE_SIZE }));
  } catch (err) {
    const code = toAppError(err)?.code;
    if (code !== "validation_failed" && code !== "bad_request") throw err;
    error = "That filter is not valid; showing all events.";
    position = { back: [] };
    page = await eventsOrNotFound(tenant, { limit: PAGE_SIZE });
  }
  const query = { action: error ? undefined : action };
  const ids = referencedIds(page.items);
  const refs: AuditReferences = { clients: await clientNames(tenant, ids.clients), invoices: await invoiceNumbers(tenant, ids.invoices) };
  return (
    <>
      <h1>Audit log</h1>
      {error ? <div className="alert">{error}</div> : null}
      <form className="toolbar">
        <select name="action" defaultValue={query.action ?? ""} aria-label="Action">
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          Filter
        </button>
      </form>
      {page.items.length === 0 ? (
        <div className="panel empty">{query.action ? "No events of this kind yet." : "No events yet."}</div>
      ) : (
        <table className="table-cards">
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((e) => (
              <tr key={e.id}>
                <td>{e.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                <td data-label="Actor">{e.actorLabel}</td>
                <td data-label="Action">
                  <span className="badge">{e.action}</span>
                </td>
                <td data-label="Target">
                  <AuditTarget event={e} refs={refs} />
                </td>
                <td className="detail-text" data-label="Detail">
                  <AuditDetail event={e} refs={refs} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CursorPager path="/audit" filters={query} position={position} nextCursor={page.nextCursor} shown={page.items.length} noun="event" />
    </>
  );
}
