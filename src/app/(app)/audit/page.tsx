import Link from "next/link";
import { notFound } from "next/navigation";
import { requireTenant } from "@/identity/request-context";
import { listAuditEvents } from "@/modules/audit/audit.service";
import { AUDIT_ACTIONS } from "@/modules/audit/audit.schemas";
import { toAppError } from "@/platform/errors";

export const metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function compactDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
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
  const query = { page: first(sp.page), action: first(sp.action) || undefined };
  let page;
  let error: string | undefined;
  try {
    page = await eventsOrNotFound(tenant, query);
  } catch (err) {
    if (toAppError(err)?.code !== "validation_failed") throw err;
    error = "That filter is not valid; showing all events.";
    page = await eventsOrNotFound(tenant, {});
  }
  const link = (p: number) => {
    const params = new URLSearchParams();
    if (query.action && !error) params.set("action", query.action);
    params.set("page", String(p));
    return `/audit?${params.toString()}`;
  };
  return (
    <>
      <h1>Audit log</h1>
      {error ? <div className="alert">{error}</div> : null}
      <form className="toolbar">
        <select name="action" defaultValue={error ? "" : (query.action ?? "")} aria-label="Action">
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
        <div className="panel empty">{query.action && !error ? "No events of this kind yet." : "No events yet."}</div>
      ) : (
        <table>
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
                <td>{e.actorLabel}</td>
                <td>
                  <span className="badge">{e.action}</span>
                </td>
                <td title={e.targetId ?? undefined}>
                  {e.targetType}
                  {e.targetId ? <span className="hint"> {e.targetId.slice(0, 8)}</span> : null}
                </td>
                <td className="detail-text">{compactDetail(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <span>
          {page.total} event{page.total === 1 ? "" : "s"} · page {page.page} of {page.pageCount}
        </span>
        {page.page > 1 ? <Link href={link(page.page - 1)}>← Previous</Link> : null}
        {page.page < page.pageCount ? <Link href={link(page.page + 1)}>Next →</Link> : null}
      </div>
    </>
  );
}
