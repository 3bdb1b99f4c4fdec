import Link from "next/link";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Reached from the emailed link (Better Auth checks the token, then redirects here with it or with ?error). */
export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : undefined;
  const invalid = params.error !== undefined || !token;
  return (
    <main>
      <div className="auth-card">
        <h1>Choose a new password</h1>
        {invalid ? (
          <>
            <div className="alert" role="alert">
              This link is not valid any more: it was used already, or it expired (links work for one hour).
            </div>
            <p>
              <Link href="/forgot-password">Send a new link</Link>
            </p>
          </>
        ) : (
          <ResetPasswordForm token={token} />
        )}
      </div>
    </main>
  );
}
