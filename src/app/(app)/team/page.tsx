import { requireTenant } from "@/identity/request-context";
import { can, ROLE_RANK, ROLES, type Role } from "@/platform/permissions";
import { mailDeliveryMode } from "@/platform/mailer";
import { listMembers } from "@/modules/members/members.service";
import { listInvitations, listOutboxEmails } from "@/modules/invitations/invitations.service";
import type { MemberDto } from "@/modules/members/members.schemas";
import { InviteForm } from "./invite-form";
import { MemberActions } from "./member-actions";
import { InvitationActions } from "./invitation-actions";
import { TransferOwnershipForm } from "./transfer-ownership-form";

export const metadata = { title: "Team" };

const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export default async function TeamPage() {
  const tenant = await requireTenant();
  const canInvite = can(tenant.role, "member.invite");
  const showOutbox = canInvite && mailDeliveryMode() === "outbox";
  const [members, invitations, outbox] = await Promise.all([
    listMembers(tenant),
    can(tenant.role, "invitation.read") ? listInvitations(tenant) : Promise.resolve([]),
    showOutbox ? listOutboxEmails(tenant) : Promise.resolve([]),
  ]);
  const isOwner = tenant.role === "owner";
  const owners = members.filter((m) => m.role === "owner").length;
  const rolesUpToMine = ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[tenant.role]);

  // Mirrors the service's rules only to hide buttons that would certainly fail; the service decides.
  const manageable = (m: MemberDto) => isOwner || m.role === "member";
  const assignableRoles = (m: MemberDto, isSelf: boolean): readonly Role[] => {
    if (!can(tenant.role, "member.change_role") || !manageable(m)) return [];
    if (isSelf && owners <= 1) return [];
    return rolesUpToMine;
  };
  const transferCandidates = members.filter((m) => m.userId !== tenant.userId && m.role !== "owner");

  return (
    <>
      <h1>Team</h1>
      <h2>Members</h2>
      <table className="table-cards" data-testid="members">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Joined</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const isSelf = m.userId === tenant.userId;
            return (
              <tr key={m.userId} data-email={m.email}>
                <td>
                  {m.name} {isSelf ? <span className="hint">(you)</span> : null}
                </td>
                <td data-label="Email">{m.email}</td>
                <td data-label="Role">
                  <span className="badge" data-testid="member-role">
                    {m.role}
                  </span>
                </td>
                <td data-label="Joined">{day(m.joinedAt)}</td>
                <td data-label="Actions">
                  <MemberActions
                    member={{ userId: m.userId, name: m.name, role: m.role }}
                    workspaceName={tenant.workspaceName}
                    isSelf={isSelf}
                    assignableRoles={assignableRoles(m, isSelf)}
                    canRemove={!isSelf && can(tenant.role, "member.remove") && manageable(m)}
                    canLeave={!(m.role === "owner" && owners <= 1)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {isOwner ? (
        <>
          <h2>Transfer ownership</h2>
          {transferCandidates.length > 0 ? (
            <TransferOwnershipForm candidates={transferCandidates.map((m) => ({ userId: m.userId, name: m.name, email: m.email }))} />
          ) : (
            <div className="panel empty">Invite someone first: ownership goes to an existing member.</div>
          )}
        </>
      ) : null}

      {canInvite ? (
        <>
          <h2>Invite someone</h2>
          <InviteForm roles={rolesUpToMine} />
        </>
      ) : null}

      {can(tenant.role, "invitation.read") ? (
        <>
          <h2>Pending invitations</h2>
          {!isOwner ? <p className="hint">Invitations for a role above yours are managed by owners and not shown here.</p> : null}
          {invitations.length === 0 ? (
            <div className="panel empty">No pending invitations.</div>
          ) : (
            <table className="table-cards" data-testid="invitations">
              <thead>
                <tr>
                  <th>Email</th>
                  <th>Role</th>
                  <th>State</th>
                  <th>Invited by</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.email.toLowerCase()} data-email={i.email}>
                    <td>{i.email}</td>
                    <td data-label="Role">
                      <span className="badge">{i.role}</span>
                    </td>
                    <td data-label="State">
                      <span className="badge">{i.state}</span>{" "}
                      <span className="hint">
                        {i.state === "expired" ? "expired" : "expires"} {minute(i.expiresAt)}
                      </span>
                    </td>
                    <td data-label="Invited by">{i.inviterName}</td>
                    <td data-label="Actions">
                      <InvitationActions id={i.id} email={i.email} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}

      {showOutbox ? (
        <>
          <h2>Outbox (email is not configured)</h2>
          <p className="hint">
            Without SMTP_URL, Workledger keeps outgoing email here instead of sending it. Share the links yourself; set SMTP_URL to send
            real email. You see the emails of invitations you could have sent yourself (no role above yours).
          </p>
          {outbox.length === 0 ? (
            <div className="panel empty">No emails yet.</div>
          ) : (
            <ul className="outbox" data-testid="outbox">
              {outbox.map((m) => (
                <li key={m.id} data-to={m.to}>
                  <div className="row between">
                    <strong>{m.subject}</strong>
                    <span className="hint">{minute(m.createdAt)}</span>
                  </div>
                  <div className="hint">To: {m.to}</div>
                  <pre>{m.text}</pre>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </>
  );
}
