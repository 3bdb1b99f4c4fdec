import Link from "next/link";
import { requireUser } from "@/identity/request-context";
import { ResendVerification } from "@/app/resend-verification";
import { ChangePasswordForm } from "./change-password-form";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser();
  return (
    <>
      <h1>Your account</h1>
      <div className="panel">
        <dl className="details">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>
            {user.email}{" "}
            <span className="badge" data-testid="email-status">
              {user.emailVerified ? "verified" : "not verified"}
            </span>
          </dd>
          <dt>Two-factor</dt>
          <dd>
            <span className="badge" data-testid="two-factor-status">
              {user.twoFactorEnabled ? "on" : "off"}
            </span>{" "}
            <Link href="/account/two-factor">{user.twoFactorEnabled ? "Manage" : "Set up"}</Link>
          </dd>
        </dl>
        {!user.emailVerified ? (
          <div style={{ marginTop: "1rem" }}>
            <p className="hint">Confirm your address to accept invitations to other workspaces.</p>
            <ResendVerification email={user.email} />
          </div>
        ) : null}
      </div>
      <h2>Change password</h2>
      <ChangePasswordForm />
    </>
  );
}
