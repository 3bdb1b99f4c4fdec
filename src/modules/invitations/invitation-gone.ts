import type { InvitationState } from "./invitations.schemas";

/**
 * What a link that no longer works says, in one place: the 410 page of the custom server
 * (src/http/invitation-gate.ts), the invite page, and the error of accepting it.
 */
export function invitationGone(invitation: {
  state: Exclude<InvitationState, "pending">;
  workspaceName: string;
  inviterName: string;
  expiresAt: Date;
}): { title: string; message: string } {
  switch (invitation.state) {
    case "expired":
      return {
        title: "Invitation expired",
        message: `This invitation to ${invitation.workspaceName} expired on ${invitation.expiresAt.toUTCString()}. Ask ${invitation.inviterName} to send you a new one.`,
      };
    case "replaced":
      return {
        title: "Invitation no longer valid",
        message: "This invitation link was replaced by a newer one: use the link in the latest invitation email.",
      };
    case "accepted":
      return { title: "Invitation no longer valid", message: "This invitation has already been used." };
    case "revoked":
      return { title: "Invitation no longer valid", message: "This invitation was withdrawn." };
  }
}
