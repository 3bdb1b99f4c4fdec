import Link from "next/link";
import type { ReactNode } from "react";
import { requireTenant } from "@/identity/request-context";
import { listMyWorkspaces } from "@/modules/workspaces/workspaces.service";
import { WorkspaceSwitcher } from "@/app/(app)/workspace-switcher";
import { NavLinks } from "@/components/nav-links";
import { signOutAction } from "../(auth)/actions";
import { ResendVerification } from "@/app/resend-verification";
import { CommandPalette } from "@/components/command-palette";
import { paletteSearchAction } from "./palette-actions";

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
        <CommandPalette search={paletteSearchAction} role={tenant.role} />
        <span className="who" data-testid="current-user">
          {tenant.user.name} · {tenant.role}
        </span>
        <Link href="/account" className="hint">
          Account
        </Link>
        <form action={signOutAction}>
          <button type="submit" className="link">
            Sign out
          </button>
        </form>
      </header>
      {!tenant.user.emailVerified ? (
        <div className="verify-banner" role="status" data-testid="verify-email-notice">
          <span>
            Please confirm your email address <strong>{tenant.user.email}</strong>: open the link we sent you. Until then you cannot accept
            invitations to other workspaces.
          </span>
          <ResendVerification email={tenant.user.email} />
        </div>
      ) : null}
      <main>{children}</main>
    </>
  );
}
