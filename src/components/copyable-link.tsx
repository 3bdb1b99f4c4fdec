"use client";

import { useRef, useState } from "react";

/** A link shown as selectable text with a Copy button, for sharing by hand (e.g. when email is not configured). */
export function CopyableLink({ link, label }: { link: string; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    input.current?.select();
    // The clipboard API exists only in secure contexts; elsewhere the text stays selected for Ctrl+C.
    if (!navigator.clipboard) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="copy-link">
      <input ref={input} readOnly value={link} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" className="secondary" onClick={() => void copy()}>
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
