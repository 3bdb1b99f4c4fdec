import Link from "next/link";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { requireTenant } from "@/identity/request-context";
import { listMyWorkspaces } from "@/modules/workspaces/workspaces.service";
import { WorkspaceSwitcher } from "@/app/(app)/workspace-switcher";
import { NavLinks } from "@/components/nav-links";
import { MobileMenu } from "@/components/mobile-menu";
import { ThemeToggle } from "@/components/theme-toggle";
import { buttonClass } from "@/components/ui/button";
import { parseTheme, THEME_COOKIE } from "@/components/ui/theme";
import { signOutAction } from "../(auth)/actions";
import { ResendVerification } from "@/app/resend-verification";
import { CommandPalette } from "@/components/command-palette";
import { paletteSearchAction } from "./palette-actions";

export const dynamic = "force-dynamic";

/*
 * The app shell. From the `lg` breakpoint (1024 px): a sidebar with the navigation and a top bar with
 * the workspace switcher and the account. Below it: a top bar with a menu button that opens the same
 * navigation, switcher and account links in a sheet (src/components/mobile-menu.tsx).
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const tenant = await requireTenant();
  const workspaces = await listMyWorkspaces(tenant.userId);
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const signOut = (
    <form action={signOutAction} className="m-0">
      <button type="submit" className={buttonClass({ variant: "ghost", size: "sm" })}>
        Sign out
      </button>
    </form>
  );
  const who = `${tenant.user.name} · ${tenant.role}`;
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[13.5rem_minmax(0,1fr)]">
      <aside className="hidden border-r border-border bg-panel lg:block">
        <div className="sticky top-0 flex flex-col gap-4 p-4">
          <Link href="/dashboard" className="px-3 text-lg font-bold text-text no-underline hover:no-underline">
            Workledger
          </Link>
          <NavLinks role={tenant.role} />
        </div>
      </aside>
      <div className="min-w-0">
        <header className="flex h-14 items-center gap-3 border-b border-border bg-panel px-4 whitespace-nowrap lg:px-6">
          <MobileMenu
            role={tenant.role}
            extra={
              <>
                <WorkspaceSwitcher workspaces={workspaces} activeId={tenant.workspaceId} id="workspace-switcher-menu" />
                <Link href="/workspaces/new" className="text-sm">
                  + New workspace
                </Link>
                <span className="text-sm text-muted">{who}</span>
                <Link href="/account" className="text-sm">
                  Account
                </Link>
                {signOut}
              </>
            }
          />
          <Link href="/dashboard" className="font-bold text-text no-underline hover:no-underline lg:hidden">
            Workledger
          </Link>
          <div className="hidden min-w-0 items-center gap-3 lg:flex">
            <WorkspaceSwitcher workspaces={workspaces} activeId={tenant.workspaceId} />
            <Link href="/workspaces/new" className="text-sm">
              + New workspace
            </Link>
          </div>
          <span className="flex-1" />
          <CommandPalette search={paletteSearchAction} role={tenant.role} />
          <span className="hidden truncate text-sm text-muted lg:inline" data-testid="current-user">
            {who}
          </span>
          <Link href="/account" className="hidden text-sm lg:inline">
            Account
          </Link>
          <ThemeToggle initial={theme} />
          <div className="hidden lg:block">{signOut}</div>
        </header>
        {!tenant.user.emailVerified ? (
          <div className="verify-banner" role="status" data-testid="verify-email-notice">
            <span>
              Please confirm your email address <strong>{tenant.user.email}</strong>: open the link we sent you. Until then you cannot
              accept invitations to other workspaces.
            </span>
            <ResendVerification email={tenant.user.email} />
          </div>
        ) : null}
        <main className="mx-auto w-full max-w-[1100px] p-4 sm:p-6">{children}</main>
      </div>
    </div>
  );
}
