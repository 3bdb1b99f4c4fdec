import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getCurrentUser } from "@/identity/request-context";
import { clientIp } from "@/platform/rate-limit";
import { AppError } from "@/platform/errors";
import { getInvitationByToken } from "@/modules/invitations/invitations.service";
import { invitationGone } from "@/modules/invitations/invitation-gone";
import type { PublicInvitation } from "@/modules/invitations/invitations.schemas";
import { signOutAction } from "../../actions";
import { AcceptInvitationForm } from "./accept-invitation-form";
import { InviteSignUpForm } from "./invite-sign-up-form";
import { ResendVerification } from "@/app/resend-verification";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main>
      <div className="auth-card">
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: PublicInvitation;
  try {
    invitation = await getInvitationByToken(token, { ip: clientIp(await headers()) });
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    if (err instanceof AppError && err.code === "rate_limited") {
      return (
        <Card title="Too many attempts">
          <p>{err.message}</p>
        </Card>
      );
    }
    throw err;
  }

  // Live links only reach here; the custom server answers dead ones with 410 first. This covers the rest (e.g. client navigation).
  if (invitation.state !== "pending") {
    const gone = invitationGone({ ...invitation, state: invitation.state });
    return (
      <Card title={gone.title}>
        <p>{gone.message}</p>
        <p>
          <Link href="/sign-in">Sign in to Workledger</Link>
        </p>
      </Card>
    );
  }

  const user = await getCurrentUser();
  const invitePath = `/invite/${token}`;
  return (
    <Card title={`Join ${invitation.workspaceName}`}>
      <p>
        {invitation.inviterName} invited you to the workspace <strong>{invitation.workspaceName}</strong> on Workledger.
      </p>
      <dl className="details" style={{ marginBottom: "1.25rem" }}>
        <dt>Workspace</dt>
        <dd data-testid="invite-workspace">{invitation.workspaceName}</dd>
        <dt>Invited by</dt>
        <dd>{invitation.inviterName}</dd>
        <dt>Role</dt>
        <dd>
          <span className="badge">{invitation.role}</span>
        </dd>
        <dt>For</dt>
        <dd>{invitation.email}</dd>
        <dt>Valid until</dt>
        <dd>{invitation.expiresAt.toUTCString()}</dd>
      </dl>
      {!user ? (
        <>
          <h2>Create an account</h2>
          <InviteSignUpForm token={token} email={invitation.email} />
          <p className="hint">
            Already have an account? <Link href={`/sign-in?${new URLSearchParams({ next: invitePath }).toString()}`}>Sign in</Link> to
            accept.
          </p>
        </>
      ) : user.email.toLowerCase() === invitation.email.toLowerCase() && !user.emailVerified ? (
        <div className="alert" role="alert" data-testid="verify-before-accepting">
          <p>
            Confirm your email address first: open the link we sent to {user.email}, then come back to this page. Only the owner of the
            address can accept an invitation sent to it.
          </p>
          <ResendVerification email={user.email} next={invitePath} />
        </div>
      ) : user.email.toLowerCase() === invitation.email.toLowerCase() ? (
        <AcceptInvitationForm token={token} workspaceName={invitation.workspaceName} />
      ) : (
        <>
          <div className="alert" role="alert">
            This invitation is for {invitation.email}, you are signed in as {user.email}.
          </div>
          <form action={signOutAction}>
            <input type="hidden" name="next" value={invitePath} />
            <button type="submit" className="secondary">
              Sign out and continue as {invitation.email}
            </button>
          </form>
        </>
      )}
    </Card>
  );
}
