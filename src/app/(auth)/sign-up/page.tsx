import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/identity/request-context";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Sign up" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/dashboard");
  return (
    <main>
      <div className="auth-card">
        <h1>Create your Workledger account</h1>
        <SignUpForm />
        <p className="hint">
          Already have an account? <Link href="/sign-in">Sign in</Link>
        </p>
      </div>
    </main>
  );
}
