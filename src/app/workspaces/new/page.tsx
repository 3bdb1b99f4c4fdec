import Link from "next/link";
import { requireUser } from "@/identity/request-context";
import { CreateWorkspaceForm } from "../create-workspace-form";

export const metadata = { title: "New workspace" };
export const dynamic = "force-dynamic";

export default async function NewWorkspacePage() {
  await requireUser();
  return (
    <main>
      <div className="auth-card">
        <h1>New workspace</h1>
        <p className="hint">A workspace keeps its own clients, invoices and team. You will be its owner.</p>
        <CreateWorkspaceForm />
        <p className="hint">
          <Link href="/dashboard">Cancel</Link>
        </p>
      </div>
    </main>
  );
}
