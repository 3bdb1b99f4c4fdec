import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata = { title: "Forgot password" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  return (
    <main>
      <div className="auth-card">
        <h1>Forgot your password?</h1>
        <p>Enter the email address of your account. We will send it a link to choose a new password.</p>
        <ForgotPasswordForm />
        <p className="hint">
          <Link href="/sign-in">Back to sign in</Link>
        </p>
      </div>
    </main>
  );
}
