"use client";

import { useState, useTransition } from "react";
import { revokeApiKeyAction } from "./actions";

export function RevokeButton({ id, name }: { id: string; name: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={pending}
        onClick={() => {
          if (!window.confirm(`Revoke the key “${name}”? Programs using it stop working at once.`)) return;
          start(async () => setError((await revokeApiKeyAction(id)).message));
        }}
      >
        Revoke
      </button>
      {error ? <span className="field-error">{error}</span> : null}
    </>
  );
}
