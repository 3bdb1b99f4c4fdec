"use client";

import * as Toast from "@radix-ui/react-toast";
import { usePathname } from "next/navigation";
import { useEffect, useSyncExternalStore, type ReactNode } from "react";
import { FLASH_COOKIE } from "./flash-cookie";
import styles from "./toaster.module.css";

export type ToastKind = "success" | "error";
interface ToastItem {
  id: number;
  kind: ToastKind;
  message: string;
}

/* One store for the whole page, so any client component can call toast() without a context. */
let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const EMPTY: ToastItem[] = [];

function emit() {
  for (const l of listeners) l();
}

/** Shows a toast: a short success ("Draft saved.") or failure message. */
export function toast(message: string, kind: ToastKind = "success"): void {
  items = [...items.slice(-4), { id: nextId++, kind, message }];
  emit();
}

function dismiss(id: number) {
  items = items.filter((t) => t.id !== id);
  emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The flash message a server action left for this page (src/app/flash.ts), read once. */
function takeFlash(): string | undefined {
  const entry = document.cookie.split("; ").find((c) => c.startsWith(`${FLASH_COOKIE}=`));
  if (!entry) return undefined;
  document.cookie = `${FLASH_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
  try {
    return decodeURIComponent(entry.slice(FLASH_COOKIE.length + 1)) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Toasts (Radix Toast: announced to screen readers, F8 reaches them, swipe or Escape dismisses) around
 * the app, and the success message a server action's redirect brought along, shown once per navigation.
 */
export function Toaster({ children }: { children: ReactNode }) {
  const list = useSyncExternalStore(
    subscribe,
    () => items,
    () => EMPTY,
  );
  const pathname = usePathname();
  useEffect(() => {
    const message = takeFlash();
    if (message) toast(message);
  }, [pathname]);
  return (
    <Toast.Provider duration={8000} label="Notification">
      {children}
      {list.map((t) => (
        <Toast.Root
          key={t.id}
          className={`${styles.toast} ${t.kind === "error" ? styles.error : styles.success}`}
          type={t.kind === "error" ? "foreground" : "background"}
          data-testid={`toast-${t.kind}`}
          onOpenChange={(open) => {
            if (!open) dismiss(t.id);
          }}
        >
          <Toast.Description>{t.message}</Toast.Description>
          <Toast.Close className={styles.close} aria-label="Dismiss">
            ×
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className={styles.viewport} />
    </Toast.Provider>
  );
}
