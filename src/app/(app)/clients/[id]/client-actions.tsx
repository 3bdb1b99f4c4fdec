"use client";

import { useTransition } from "react";
import { deleteClientAction, setClientArchivedAction } from "../actions";

export function ClientActions({ id, name, archived, canDelete }: { id: string; name: string; archived: boolean; canDelete: boolean }) {
  const [pending, startTransition] = useTransition();
  return (
    <div className="row">
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() => startTransition(async () => void (await setClientArchivedAction(id, !archived)))}
      >
        {archived ? "Restore" : "Archive"}
      </button>
      {canDelete ? (
        <button
          type="button"
          className="danger"
          disabled={pending}
          onClick={() => {
            if (window.confirm(`Delete ${name} permanently? This cannot be undone.`)) {
              startTransition(async () => void (await deleteClientAction(id)));
            }
          }}
        >
          Delete
        </button>
      ) : null}
    </div>
  );
}
