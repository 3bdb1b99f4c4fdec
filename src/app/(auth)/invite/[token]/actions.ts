"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/platform/rate-limit";
import { acceptInvitation } from "@/modules/invitations/invitations.service";
import type { FormState } from "@/components/forms/form-state";
import { signedInAction } from "../../../server-action";

export interface AcceptState extends FormState {
  /** Set when the signed-in user was in the workspace already: nothing changed, they may open it. */
  alreadyMemberOf?: string;
}

/** Joining needs a signed-in user and the invitation's token, which the service checks. */
export const acceptInvitationAction = signedInAction(async (user, token: string): Promise<AcceptState> => {
  const accepted = await acceptInvitation(user, token, { ip: clientIp(await headers()) });
  if (accepted.alreadyMember) return { alreadyMemberOf: accepted.workspaceId };
  redirect("/dashboard");
});
