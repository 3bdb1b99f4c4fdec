import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/request-context";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await getCurrentUser()) redirect("/dashboard");
  return (
    <main>
      <div className="auth-card">
        <h1>Sign in to Workledger</h1>
        <SignInForm />
        <p className="hint">
          New here? <Link href="/sign-up">Create an account</Link>
        </p>
      </div>
    </main>
  );
}
