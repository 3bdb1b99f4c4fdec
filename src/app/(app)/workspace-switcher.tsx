"use client";

import { switchWorkspaceAction } from "@/app/workspaces/actions";

interface Option {
  workspaceId: string;
  name: string;
}

/** Switching posts to a server action that re-checks membership before changing the session. */
export function WorkspaceSwitcher({ workspaces, activeId }: { workspaces: Option[]; activeId: string }) {
  return (
    <form action={switchWorkspaceAction} className="row">
      <label htmlFor="workspace-switcher" className="hint">
        Workspace
      </label>
      <select id="workspace-switcher" name="workspaceId" defaultValue={activeId} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
        {workspaces.map((w) => (
          <option key={w.workspaceId} value={w.workspaceId}>
            {w.name}
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
