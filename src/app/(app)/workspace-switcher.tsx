"use client";

import { useState, useTransition } from "react";
import { switchWorkspaceAction } from "@/app/workspaces/actions";

interface Option {
  workspaceId: string;
  name: string;
  slug: string;
}

/** The label of each workspace: its name, and its slug too when another of the user's workspaces has the same name. */
export function switcherLabels(workspaces: readonly Option[]): Map<string, string> {
  const key = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();
  const counts = new Map<string, number>();
  for (const w of workspaces) counts.set(key(w.name), (counts.get(key(w.name)) ?? 0) + 1);
  return new Map(workspaces.map((w) => [w.workspaceId, (counts.get(key(w.name)) ?? 0) > 1 ? `${w.name} (${w.slug})` : w.name]));
}

/**
 * Switching calls a server action that re-checks membership before changing the session, and
 * revalidates the layout, so `activeId` (the server's active workspace) is fresh after the switch and
 * after any navigation. The select is controlled by it: an uncontrolled one kept the option it was
 * mounted with, a form action's reset put that one back, and the layout (which soft navigations keep)
 * was never re-rendered, so the old workspace stayed on screen while the data had switched. While a
 * switch is on its way the picked workspace shows; then `activeId` decides again.
 */
export function WorkspaceSwitcher({
  workspaces,
  activeId,
  id = "workspace-switcher",
}: {
  workspaces: Option[];
  activeId: string;
  /** The select's id; the copy in the mobile menu has its own, so the two never share one. */
  id?: string;
}) {
  const [picked, setPicked] = useState<{ from: string; to: string } | null>(null);
  const [, startTransition] = useTransition();
  const value = picked && picked.from === activeId ? picked.to : activeId;
  const labels = switcherLabels(workspaces);
  return (
    <form action={switchWorkspaceAction} className="flex min-w-0 items-center gap-2">
      <label htmlFor={id} className="text-sm text-muted">
        Workspace
      </label>
      <select
        // A new element per active workspace: React resets the form after the action, which puts a select
        // back on the option it was first rendered with; this one was first rendered with the active one.
        key={activeId}
        id={id}
        className="h-8 max-w-56 min-w-0 truncate rounded-md border border-border bg-input px-2 text-sm text-text"
        name="workspaceId"
        value={value}
        data-active-id={activeId}
        onChange={(e) => {
          const to = e.currentTarget.value;
          const form = e.currentTarget.form;
          setPicked({ from: activeId, to });
          // Called directly rather than by submitting the form: a form action ends with React resetting the form.
          if (form) startTransition(() => switchWorkspaceAction(new FormData(form)));
        }}
      >
        {workspaces.map((w) => (
          <option key={w.workspaceId} value={w.workspaceId}>
            {labels.get(w.workspaceId)}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="secondary">
          Switch
        </button>
      </noscript>
    </form>
  );
}
