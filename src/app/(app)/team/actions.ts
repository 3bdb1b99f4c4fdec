"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireTenant } from "@/server/auth/request-context";
import { clientIp } from "@/server/rate-limit";
import { changeMemberRole, leaveWorkspace, removeMember, transferOwnership } from "@/modules/members/members.service";
import { createInvitation, resendInvitation, revokeInvitation } from "@/modules/invitations/invitations.service";
import { formStateFromError, formValues, type FormState } from "../../form-state";

/** What the inviter sees after an invitation went out: the link to share by hand, and whether the email left. */
export interface SentInvitationState extends FormState {
  sent?: { email: string; link: string; emailSent: boolean; emailError?: string };
}

export async function inviteMemberAction(_prev: SentInvitationState, formData: FormData): Promise<SentInvitationState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  const email = (values.email ?? "").trim().toLowerCase();
  let sent;
  try {
    sent = await createInvitation(tenant, { email: values.email ?? "", role: values.role ?? "" }, { ip: clientIp(await headers()) });
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidatePath("/team");
  return { sent: { email, link: sent.link, emailSent: sent.emailSent, emailError: sent.emailError } };
}

/** `email` is only for the confirmation text; the service re-reads the invitation by id. */
export async function resendInvitationAction(id: string, email: string, _prev: SentInvitationState): Promise<SentInvitationState> {
  const tenant = await requireTenant();
  let sent;
  try {
    sent = await resendInvitation(tenant, id, { ip: clientIp(await headers()) });
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath("/team");
  return { sent: { email, link: sent.link, emailSent: sent.emailSent, emailError: sent.emailError } };
}

export async function revokeInvitationAction(id: string): Promise<FormState> {
  const tenant = await requireTenant();
  try {
    await revokeInvitation(tenant, id);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath("/team");
  return {};
}

export async function changeMemberRoleAction(userId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  try {
    await changeMemberRole(tenant, userId, { role: values.role ?? "" });
  } catch (err) {
    return formStateFromError(err, values);
  }
  // The layout shows the signed-in user's role, which changes when owners change their own.
  revalidatePath("/", "layout");
  return {};
}

export async function removeMemberAction(userId: string): Promise<FormState> {
  const tenant = await requireTenant();
  try {
    await removeMember(tenant, userId);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath("/team");
  return {};
}

export async function transferOwnershipAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const tenant = await requireTenant();
  const values = formValues(formData);
  try {
    await transferOwnership(tenant, { userId: values.userId ?? "" });
  } catch (err) {
    return formStateFromError(err, values);
  }
  revalidatePath("/", "layout");
  return {};
}

export async function leaveWorkspaceAction(): Promise<FormState> {
  const tenant = await requireTenant();
  try {
    await leaveWorkspace(tenant);
  } catch (err) {
    return formStateFromError(err);
  }
  revalidatePath("/", "layout");
  // The user may be in other workspaces; that page sends them to onboarding when there are none.
  redirect("/workspaces");
}
