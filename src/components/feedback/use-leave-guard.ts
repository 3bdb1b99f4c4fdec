"use client";

import { useEffect } from "react";

export const LEAVE_WARNING = "You have unsaved changes. Leave this page and lose them?";

/** Whether a click on this link would leave the page inside the app (a plain left click on a same-origin link). */
function leavingLink(e: MouseEvent): HTMLAnchorElement | undefined {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return undefined;
  const link = (e.target as Element | null)?.closest?.("a[href]");
  if (!(link instanceof HTMLAnchorElement)) return undefined;
  if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return undefined;
  const to = new URL(link.href, window.location.href);
  if (to.origin !== window.location.origin) return undefined;
  if (to.pathname === window.location.pathname && to.search === window.location.search) return undefined;
  return link;
}

/**
 * While `active` (an editor with unsaved changes): the browser asks before the tab is closed or
 * reloaded (beforeunload), and a click on an in-app link asks first — a "Cancel" keeps the page. The
 * click is caught on the document in the capture phase, before Next's <Link> starts a navigation.
 */
export function useLeaveGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers need a value to show the prompt.
      e.returnValue = "";
    };
    const onClick = (e: MouseEvent) => {
      if (!leavingLink(e)) return;
      if (!window.confirm(LEAVE_WARNING)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [active]);
}
