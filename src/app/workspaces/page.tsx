import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/identity/request-context";
import { listMyWorkspaces } from "@/modules/workspaces/workspaces.service";
import { switchWorkspaceAction } from "./actions";

export const metadata = { title: "Your workspaces" };
export const dynamic = "force-dynamic";

export default async function WorkspacesPage() {
  const user = await requireUser();
  const workspaces = await listMyWorkspaces(user.userId);
  if (workspaces.length === 0) redirect("/onboarding");
  return (
    <main>
      <div className="auth-card">
        <h1>Choose a workspace</h1>
        <ul className="workspace-list">
          {workspaces.map((w) => (
            <li key={w.workspaceId}>
              <span>
                {w.name} <span className="badge">{w.role}</span>
              </span>
              <form action={switchWorkspaceAction}>
                <input type="hidden" name="workspaceId" value={w.workspaceId} />
                <button type="submit" className="secondary">
                  Open
                </button>
              </form>
            </li>
          ))}
        </ul>
        <Link href="/workspaces/new">Create another workspace</Link>
      </div>
    </main>
  );
}
