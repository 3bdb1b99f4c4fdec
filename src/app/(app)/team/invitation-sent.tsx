import { CopyableLink } from "@/components/copyable-link";
import type { SentInvitationState } from "./actions";

type Sent = NonNullable<SentInvitationState["sent"]>;

export function InvitationSent({ sent }: { sent: Sent }) {
  return (
    <div className="notice" role="status">
      {sent.emailSent ? (
        <p>
          Invitation sent to <strong>{sent.email}</strong>.
        </p>
      ) : (
        <p>
          Invitation created for <strong>{sent.email}</strong>, but the email could not be sent: {sent.emailError ?? "unknown error"}. Share
          the link below yourself.
        </p>
      )}
      <CopyableLink link={sent.link} label={`Invitation link for ${sent.email}`} />
      <p className="hint">Only {sent.email} can accept it, within 7 days. Resending or revoking makes this link stop working.</p>
    </div>
  );
}
