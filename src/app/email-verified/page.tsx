import Link from "next/link";
import { getCurrentUser } from "@/identity/request-context";
import { ResendVerification } from "@/app/resend-verification";

export const metadata = { title: "Email address" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Where the verification link lands (Better Auth verified the token, or redirected here with ?error). */
export default async function EmailVerifiedPage({ searchParams }: { searchParams: SearchParams }) {
  const error = (await searchParams).error;
  const user = await getCurrentUser();
  return (
    <main>
      <div className="auth-card">
        {error ? (
          <>
            <h1>This link did not work</h1>
            <div className="alert" role="alert">
              {error === "TOKEN_EXPIRED"
                ? "The verification link expired (links work for one hour)."
                : "The verification link is not valid."}
            </div>
            {user && !user.emailVerified ? <ResendVerification email={user.email} /> : <p>Sign in and ask for a new link.</p>}
          </>
        ) : (
          <>
            <h1>Email address verified</h1>
            <p data-testid="email-verified">
              {user ? `Thank you: ${user.email} is confirmed.` : "Thank you: your email address is confirmed."} You can now accept
              invitations sent to it.
            </p>
          </>
        )}
        <p>
          <Link href={user ? "/dashboard" : "/sign-in"}>{user ? "Go to your dashboard" : "Sign in"}</Link>
        </p>
      </div>
    </main>
  );
}
