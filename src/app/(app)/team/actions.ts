"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { roleFromForm } from "@/modules/members/members.schemas";
import { redirect } from "next/navigation";
import { clientIp } from "@/platform/rate-limit";
import { changeMemberRole, leaveWorkspace, removeMember, transferOwnership } from "@/modules/members/members.service";
import { createInvitation, resendInvitation, revokeInvitation } from "@/modules/invitations/invitations.service";
import { formValues, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";

/** What the inviter sees after an invitation went out: the link to share by hand, and whether the email left. */
export interface SentInvitationState extends FormState {
  sent?: { email: string; link: string; emailSent: boolean; emailError?: string };
}

export const inviteMemberAction = tenantAction(
  "member.invite",
  async (tenant, _prev: SentInvitationState, formData: FormData): Promise<SentInvitationState> => {
    const values = formValues(formData);
    const email = (values.email ?? "").trim().toLowerCase();
    const sent = await createInvitation(
      tenant,
      { email: values.email ?? "", role: roleFromForm(values.role) },
      { ip: clientIp(await headers()) },
    );
    revalidatePath("/team");
    return { sent: { email, link: sent.link, emailSent: sent.emailSent, emailError: sent.emailError } };
  },
);

/** `email` is only for the confirmation text; the service re-reads the invitation by id. */
export const resendInvitationAction = tenantAction(
  "invitation.resend",
  async (tenant, id: string, email: string, _prev: SentInvitationState): Promise<SentInvitationState> => {
    const sent = await resendInvitation(tenant, id, { ip: clientIp(await headers()) });
    revalidatePath("/team");
    return { sent: { email, link: sent.link, emailSent: sent.emailSent, emailError: sent.emailError } };
  },
);

export const revokeInvitationAction = tenantAction("invitation.revoke", async (tenant, id: string): Promise<FormState> => {
  await revokeInvitation(tenant, id);
  revalidatePath("/team");
  return {};
});

export const changeMemberRoleAction = tenantAction(
  "member.change_role",
  async (tenant, userId: string, _prev: FormState, formData: FormData): Promise<FormState> => {
    await changeMemberRole(tenant, userId, { role: roleFromForm(formValues(formData).role) });
    // The layout shows the signed-in user's role, which changes when owners change their own.
    revalidatePath("/", "layout");
    return {};
  },
);

export const removeMemberAction = tenantAction("member.remove", async (tenant, userId: string): Promise<FormState> => {
  await removeMember(tenant, userId);
  revalidatePath("/team");
  return {};
});

export const transferOwnershipAction = tenantAction(
  "workspace.transfer",
  async (tenant, _prev: FormState, formData: FormData): Promise<FormState> => {
    await transferOwnership(tenant, { userId: formValues(formData).userId ?? "" });
    revalidatePath("/", "layout");
    return {};
  },
);

export const leaveWorkspaceAction = tenantAction("member.leave", async (tenant): Promise<FormState> => {
  await leaveWorkspace(tenant);
  revalidatePath("/", "layout");
  // The user may be in other workspaces; that page sends them to onboarding when there are none.
  redirect("/workspaces");
});
