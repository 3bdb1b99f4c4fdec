import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/platform/errors";
import { createNonce, securityHeadersFor } from "./security-headers";
import { getInvitationByToken } from "@/modules/invitations/invitations.service";
import { invitationGone } from "@/modules/invitations/invitation-gone";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(res: ServerResponse, status: number, title: string, message: string) {
  const nonce = createNonce();
  res.writeHead(status, {
    ...securityHeadersFor("server-page", { nonce }),
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Workledger</title>` +
      `<style nonce="${nonce}">body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1c2430}main{max-width:420px;margin:4rem auto;background:#fff;` +
      `border:1px solid #dde2e8;border-radius:8px;padding:2rem}a{color:#2457d6}</style></head>` +
      `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/sign-in">Sign in to Workledger</a></p></main></body></html>`,
  );
}

/**
 * GET /invite/<token> for a link that no longer works answers HTTP 410 (expired, used or withdrawn)
 * with a page that says so; a live link goes on to the Next.js invite page. Returns true when answered.
 */
export async function answerDeadInvitation(req: IncomingMessage, res: ServerResponse, ip: string): Promise<boolean> {
  const match = /^\/invite\/([^/?#]+)\/?(?:[?#].*)?$/.exec(req.url ?? "");
  if (req.method !== "GET" || !match) return false;
  let token: string;
  try {
    token = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  try {
    const invitation = await getInvitationByToken(token, { ip });
    if (invitation.state === "pending") return false;
    const { title, message } = invitationGone({ ...invitation, state: invitation.state });
    page(res, 410, title, message);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") {
      page(res, 429, "Too many attempts", err.message);
      return true;
    }
    if (err instanceof AppError) return false; // not found: the Next.js page renders its 404
    throw err;
  }
}
