import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/identity/request-context";
import { signOutAction } from "../(auth)/actions";

export const dynamic = "force-dynamic";

/** Account pages work without a workspace (and for members a workspace sent here to set up two-factor). */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <header className="topbar">
        <Link href="/dashboard" className="brand">
          Workledger
        </Link>
        <Link href="/account">Account</Link>
        <span className="spacer" />
        <span className="who">{user.email}</span>
        <form action={signOutAction}>
          <button type="submit" className="link">
            Sign out
          </button>
        </form>
      </header>
      <main style={{ maxWidth: 720 }}>{children}</main>
    </>
  );
}
