import { getAuth } from "./auth";
import { asUserId, type UserId } from "@/lib/ids";

export interface SessionUser {
  userId: UserId;
  sessionId: string;
  name: string;
  email: string;
  activeWorkspaceId: string | null;
  /** The address was proven: a verification link was opened, or the account was made from an invitation link. */
  emailVerified: boolean;
  twoFactorEnabled: boolean;
}

/** Who is calling: the session named by the request's cookie, read from the database (no cookie cache). */
export async function sessionUserFromHeaders(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  return {
    userId: asUserId(session.user.id),
    sessionId: session.session.id,
    name: session.user.name,
    email: session.user.email,
    activeWorkspaceId: session.session.activeOrganizationId ?? null,
    emailVerified: session.user.emailVerified,
    twoFactorEnabled: session.user.twoFactorEnabled === true,
  };
}
