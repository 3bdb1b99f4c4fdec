"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { useProgressWhile } from "@/components/feedback/use-progress";

export function SubmitButton({ children, className, pendingLabel }: { children: ReactNode; className?: string; pendingLabel?: string }) {
  const { pending } = useFormStatus();
  useProgressWhile(pending);
  return (
    <button type="submit" className={className} disabled={pending}>
      {pending ? (pendingLabel ?? "Saving…") : children}
    </button>
  );
}
