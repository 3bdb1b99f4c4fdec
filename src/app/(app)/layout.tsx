import Link from "next/link";
import type { ReactNode } from "react";
import { requireTenant } from "@/server/auth/request-context";
import { listMyWorkspaces } from "@/modules/workspaces/workspaces.service";
import { WorkspaceSwitcher } from "@/components/workspace-switcher";
import { NavLinks } from "@/components/nav-links";
import { signOutAction } from "../(auth)/actions";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const tenant = await requireTenant();
  const workspaces = await listMyWorkspaces(tenant.userId);
  return (
    <>
      <header className="topbar">
        <Link href="/dashboard" className="brand">
          Workledger
        </Link>
        <WorkspaceSwitcher workspaces={workspaces} activeId={tenant.workspaceId} />
        <Link href="/workspaces/new" className="hint">
          + New workspace
        </Link>
        <NavLinks role={tenant.role} />
        <span className="spacer" />
        <span className="who" data-testid="current-user">
          {tenant.user.name} · {tenant.role}
        </span>
        <form action={signOutAction}>
          <button type="submit" className="link">
            Sign out
          </button>
        </form>
      </header>
      <main>{children}</main>
    </>
  );
}
