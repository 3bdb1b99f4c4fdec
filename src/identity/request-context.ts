import { cache } from "react";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/platform/errors";
import { sessionUserFromHeaders, type SessionUser } from "./session-user";
import { listMyWorkspaces, resolveTenant, type ResolvedTenant } from "@/modules/workspaces/workspaces.service";

export type CurrentUser = SessionUser;

/**
 * The signed-in user of this request, read from the database session (once per request). The cookies
 * come from Next's cookie store rather than the request's Cookie header: after a server action replaced
 * the session (turning two-factor on or off does), the page it re-renders must see the new cookie.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const requestHeaders = new Headers(await headers());
  const jar = (await cookies()).toString();
  if (jar) requestHeaders.set("cookie", jar);
  else requestHeaders.delete("cookie");
  return sessionUserFromHeaders(requestHeaders);
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

export interface RequestTenant extends ResolvedTenant {
  readonly user: CurrentUser;
}

/**
 * The one way server components and server actions get their tenant context: the active workspace
 * from the server session, membership and role re-read from the database. No active workspace sends
 * the user to pick or create one; a workspace that is not theirs is a 404, like one that does not exist;
 * one that requires two-factor authentication sends a member without it to the enrolment page.
 */
export const requireTenant = cache(async (): Promise<RequestTenant> => {
  const user = await requireUser();
  if (!user.activeWorkspaceId) {
    const workspaces = await listMyWorkspaces(user.userId);
    redirect(workspaces.length > 0 ? "/workspaces" : "/onboarding");
  }
  try {
    return { ...(await resolveTenant(user.userId, user.activeWorkspaceId)), user };
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    // Pages and server actions alike: the member sets up two-factor first, then comes back.
    if (err instanceof AppError && err.code === "two_factor_required") redirect("/account/two-factor?required=1");
    throw err;
  }
});
