"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser } from "@/server/auth/request-context";
import { clientIp } from "@/server/rate-limit";
import { acceptInvitation } from "@/modules/invitations/invitations.service";
import { formStateFromError, type FormState } from "../../../form-state";

export interface AcceptState extends FormState {
  /** Set when the signed-in user was in the workspace already: nothing changed, they may open it. */
  alreadyMemberOf?: string;
}

export async function acceptInvitationAction(token: string): Promise<AcceptState> {
  const user = await requireUser();
  let accepted;
  try {
    accepted = await acceptInvitation(user, token, { ip: clientIp(await headers()) });
  } catch (err) {
    return formStateFromError(err);
  }
  if (accepted.alreadyMember) return { alreadyMemberOf: accepted.workspaceId };
  redirect("/dashboard");
}
