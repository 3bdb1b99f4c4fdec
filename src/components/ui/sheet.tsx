"use client";

import * as Dialog from "@radix-ui/react-dialog";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/*
 * A panel that slides in from the side (the mobile menu), and a centred dialog: Radix's Dialog does the
 * focus trap, Escape, scroll lock and the aria wiring; these only style it. Radix's scroll lock adds a
 * <style> element, which the CSP lets in with the request's nonce (see CspNonce).
 */
export const Sheet = Dialog.Root;
export const SheetTrigger = Dialog.Trigger;
export const SheetClose = Dialog.Close;
export const SheetTitle = Dialog.Title;
export const SheetDescription = Dialog.Description;

const OVERLAY = "fixed inset-0 z-40 bg-black/50";

export function SheetContent({
  side = "left",
  className,
  children,
  ...props
}: ComponentProps<typeof Dialog.Content> & { side?: "left" | "right" }) {
  return (
    <Dialog.Portal>
      <Dialog.Overlay className={OVERLAY} />
      <Dialog.Content
        className={cn(
          "fixed inset-y-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 overflow-y-auto border-border bg-panel p-4 text-text shadow-xl",
          side === "left" ? "left-0 border-r" : "right-0 border-l",
          className,
        )}
        {...props}
      >
        {children}
      </Dialog.Content>
    </Dialog.Portal>
  );
}

export function DialogContent({ className, children, ...props }: ComponentProps<typeof Dialog.Content>) {
  return (
    <Dialog.Portal>
      <Dialog.Overlay className={OVERLAY} />
      <Dialog.Content
        className={cn(
          "fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(40rem,94vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto",
          "rounded-card border border-border bg-panel p-5 text-text shadow-xl",
          className,
        )}
        {...props}
      >
        {children}
      </Dialog.Content>
    </Dialog.Portal>
  );
}
