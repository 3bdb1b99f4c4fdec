"use client";

import { useState, useTransition } from "react";
import { deleteClientAction, setClientArchivedAction, type DeleteClientState } from "../actions";
import { ActionMessage } from "@/components/action-message";

export function ClientActions({ id, name, archived, canDelete }: { id: string; name: string; archived: boolean; canDelete: boolean }) {
  const [pending, startTransition] = useTransition();
  // What the last delete answered: a client with invoices cannot be deleted, and archiving is offered instead.
  const [deleteState, setDeleteState] = useState<DeleteClientState>({});
  const archive = (to: boolean) =>
    startTransition(async () => {
      const state = await setClientArchivedAction(id, to);
      setDeleteState(state.message ? state : {});
    });
  return (
    <div>
      <div className="row">
        <button type="button" className="secondary" disabled={pending} onClick={() => archive(!archived)}>
          {archived ? "Restore" : "Archive"}
        </button>
        {canDelete ? (
          <button
            type="button"
            className="danger"
            disabled={pending}
            onClick={() => {
              if (window.confirm(`Delete ${name} permanently? This cannot be undone.`)) {
                startTransition(async () => setDeleteState((await deleteClientAction(id)) ?? {}));
              }
            }}
          >
            Delete
          </button>
        ) : null}
      </div>
      {deleteState.message ? (
        <div data-testid="client-delete-refused">
          <ActionMessage state={deleteState} />
          {deleteState.archiveInstead && !archived ? (
            <p>
              {name} cannot be deleted, but you can archive it: it leaves the client lists and its invoices stay.{" "}
              <button type="button" className="secondary" disabled={pending} onClick={() => archive(true)}>
                Archive instead
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
