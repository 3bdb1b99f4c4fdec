import { redirect } from "next/navigation";
import { requireUser } from "@/identity/request-context";
import { listMyWorkspaces } from "@/modules/workspaces/workspaces.service";
import { CreateWorkspaceForm } from "../workspaces/create-workspace-form";
import { signOutAction } from "../(auth)/actions";

export const metadata = { title: "Create a workspace" };
export const dynamic = "force-dynamic";

export default async function OnboardingPage() {
  const user = await requireUser();
  if ((await listMyWorkspaces(user.userId)).length > 0) redirect("/workspaces");
  return (
    <main>
      <div className="auth-card">
        <h1>Welcome, {user.name}</h1>
        <p>You are not in any workspace yet. Create one to keep your clients and invoices in.</p>
        <CreateWorkspaceForm />
        <form action={signOutAction} style={{ marginTop: "1rem" }}>
          <button type="submit" className="link">
            Sign out
          </button>
        </form>
      </div>
    </main>
  );
}
