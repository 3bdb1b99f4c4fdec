import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/identity/request-context";
import { safeNextPath } from "../next-path";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const raw = params.next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentUser()) redirect(next ?? "/dashboard");
  return (
    <main>
      <div className="auth-card">
        <h1>Sign in to Workledger</h1>
        {params.reset === "1" ? (
          <div className="notice" role="status">
            Your password was changed and every session was signed out. Sign in with the new password.
          </div>
        ) : null}
        <SignInForm next={next} />
        <p className="hint">
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
        <p className="hint">
          New here? <Link href="/sign-up">Create an account</Link>
        </p>
      </div>
    </main>
  );
}
