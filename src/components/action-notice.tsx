/** What a one-button or stay-on-the-page action says it did, and which state of the record it produced. */
export interface NoticeState {
  notice?: string;
  /** The record's version (its `updatedAt`, ISO) right after the action: the notice is about that state. */
  noticeFor?: string;
}

/**
 * The success notice of an action, shown only while the record is still in the state that action left
 * it in (`version` is the record's current one). A later change — a payment after "Sent as INV-0001.",
 * a void — makes it stale, and it goes: a notice belongs to the action that produced it.
 */
export function ActionNotice({ state, version }: { state: NoticeState; version: string }) {
  if (!state.notice || state.noticeFor !== version) return null;
  return (
    <div className="notice" role="status">
      {state.notice}
    </div>
  );
}
