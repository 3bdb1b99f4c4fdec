"use client";

import { useActionState, type FormEvent } from "react";
import { SubmitButton } from "@/components/submit-button";
import { ActionMessage } from "@/components/action-message";
import { CopyableLink } from "@/components/copyable-link";
import { regenerateInvoiceLinkAction, revokeInvoiceLinkAction, type InvoiceActionState } from "../actions";

function confirmOrCancel(question: string) {
  return (e: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(question)) e.preventDefault();
  };
}

const when = (at: Date) => at.toISOString().slice(0, 16).replace("T", " ") + " UTC";

/**
 * The invoice's public link: whether the client opened it, the link with Copy, and (for those who
 * may manage links) Regenerate and Revoke. Shown for sent invoices only.
 */
export function PublicLinkPanel({
  id,
  url,
  firstViewedAt,
  lastViewedAt,
  viewCount,
  canManage,
}: {
  id: string;
  url: string | null;
  firstViewedAt: Date | null;
  lastViewedAt: Date | null;
  viewCount: number;
  canManage: boolean;
}) {
  const [regenerateState, regenerate] = useActionState<InvoiceActionState, FormData>(regenerateInvoiceLinkAction.bind(null, id), {});
  const [revokeState, revoke] = useActionState<InvoiceActionState, FormData>(revokeInvoiceLinkAction.bind(null, id), {});
  const notice = regenerateState.notice ?? revokeState.notice;
  return (
    <section className="panel" aria-label="Client link" data-testid="public-link-panel">
      <h2>Client link</h2>
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      <ActionMessage state={regenerateState} />
      <ActionMessage state={revokeState} />
      <p data-testid="public-link-views">
        {firstViewedAt
          ? `Viewed by client on ${when(firstViewedAt)}${viewCount > 1 ? ` · ${viewCount} views, last ${when(lastViewedAt ?? firstViewedAt)}` : ""}`
          : url
            ? "Not viewed yet"
            : "No link: the client cannot open this invoice online."}
      </p>
      {url ? <CopyableLink link={url} label="Link to this invoice for your client" /> : null}
      {canManage ? (
        <div className="inv-actions">
          <form action={regenerate} onSubmit={url ? confirmOrCancel("Make a new link? The current link stops working.") : undefined}>
            <SubmitButton className="secondary" pendingLabel="Making a new link…">
              {url ? "Regenerate link" : "Create link"}
            </SubmitButton>
          </form>
          {url ? (
            <form action={revoke} onSubmit={confirmOrCancel("Revoke the link? Your client will no longer be able to open it.")}>
              <SubmitButton className="danger" pendingLabel="Revoking…">
                Revoke link
              </SubmitButton>
            </form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
