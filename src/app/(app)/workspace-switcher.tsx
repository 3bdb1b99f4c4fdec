"use client";

import { useState } from "react";
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
 * Switching posts to a server action that re-checks membership before changing the session. The select
 * is controlled by the server's active workspace (`activeId`): an uncontrolled one kept the option it
 * was mounted with, and React's reset of the form after the action put the old workspace back on
 * screen while the data had switched. While a switch is on its way the picked workspace shows; once
 * the server's answer arrives (or any navigation re-renders the layout) `activeId` decides again.
 */
export function WorkspaceSwitcher({ workspaces, activeId }: { workspaces: Option[]; activeId: string }) {
  const [picked, setPicked] = useState<{ from: string; to: string } | null>(null);
  const value = picked && picked.from === activeId ? picked.to : activeId;
  const labels = switcherLabels(workspaces);
  return (
    <form action={switchWorkspaceAction} className="row">
      <label htmlFor="workspace-switcher" className="hint">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        name="workspaceId"
        value={value}
        data-active-id={activeId}
        onChange={(e) => {
          setPicked({ from: activeId, to: e.currentTarget.value });
          e.currentTarget.form?.requestSubmit();
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
