import { notFound } from "next/navigation";
import { requireTenant } from "@/identity/request-context";
import { getJobActivity } from "@/modules/jobs/jobs.service";
import { toAppError } from "@/platform/errors";

export const metadata = { title: "Activity" };

const JOB_LABELS: Record<string, string> = {
  "invoices.overdue": "Mark late invoices overdue",
  "invoices.email": "Email an invoice",
  "invoices.email-sweep": "Queue invoice emails left waiting",
};

const label = (job: string) => JOB_LABELS[job] ?? job;
const when = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/** Owners and admins only; for anyone else the page does not exist (never reveal what they may not see). */
async function activityOrNotFound(...args: Parameters<typeof getJobActivity>) {
  try {
    return await getJobActivity(...args);
  } catch (err) {
    const code = toAppError(err)?.code;
    if (code === "forbidden" || code === "not_found") notFound();
    throw err;
  }
}

/** The background jobs' work for this workspace: what ran, and what failed for good (with the error). */
export default async function ActivityPage() {
  const tenant = await requireTenant();
  const { failures, runs } = await activityOrNotFound(tenant);
  return (
    <>
      <h1>Activity</h1>
      <p className="hint">
        Background jobs run for this workspace on a queue, and are retried with growing waits when they fail. A job listed under
        &ldquo;Failed&rdquo; used up its retries and did nothing.
      </p>
      <h2>Failed jobs</h2>
      {failures.length === 0 ? (
        <div className="panel empty">No job has failed.</div>
      ) : (
        <table className="table-cards" aria-label="Failed jobs">
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Job</th>
              <th>Attempts</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <tr key={f.id}>
                <td>{when(f.createdAt)}</td>
                <td title={f.jobId} data-label="Job">
                  {label(f.job)}
                </td>
                <td data-label="Attempts">{f.attempts}</td>
                <td className="detail-text" data-label="Error">
                  {f.error}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Scheduled jobs</h2>
      {runs.length === 0 ? (
        <div className="panel empty">No scheduled job has run yet.</div>
      ) : (
        <table className="table-cards" aria-label="Scheduled jobs">
          <thead>
            <tr>
              <th>Job</th>
              <th>Runs</th>
              <th>Last run (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.job}>
                <td>{label(r.job)}</td>
                <td data-label="Runs">{r.runs}</td>
                <td data-label="Last run (UTC)">{when(r.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
