import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/identity/request-context";
import { safeNextPath } from "../../next-path";
import { SecondFactorForm } from "./second-factor-form";

export const metadata = { title: "Two-factor authentication" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The second sign-in step, reached from the sign-in form with Better Auth's short-lived two-factor cookie. */
export default async function SecondFactorPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentUser()) redirect(next ?? "/dashboard");
  return (
    <main>
      <div className="auth-card">
        <h1>Two-factor authentication</h1>
        <p>Enter the 6-digit code from your authenticator app.</p>
        <SecondFactorForm next={next} method="totp" />
        <details style={{ marginTop: "1rem" }}>
          <summary>Use a backup code instead</summary>
          <p className="hint">Each backup code works once.</p>
          <SecondFactorForm next={next} method="backup" />
        </details>
        <p className="hint">
          Lost your device and your backup codes? Ask a workspace owner for help. <Link href="/sign-in">Start over</Link>
        </p>
      </div>
    </main>
  );
}
