"use client";

import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { can, type Role } from "@/platform/permissions";
import { STATUS_LABELS } from "@/components/invoice-format";
import type { PalettePage, PaletteResults } from "./types";
import styles from "./command-palette.module.css";

export type { PaletteResults } from "./types";

const PAGES: PalettePage[] = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/invoices", label: "Invoices" },
  { href: "/invoices/new", label: "New invoice" },
  { href: "/clients", label: "Clients" },
  { href: "/clients/new", label: "New client" },
  { href: "/tax-rates", label: "Tax rates" },
  { href: "/invoice-settings", label: "Invoice settings" },
  { href: "/reminders", label: "Payment reminders" },
  { href: "/team", label: "Team" },
  { href: "/settings", label: "Workspace settings" },
  { href: "/account", label: "Account" },
  { href: "/workspaces/new", label: "New workspace" },
];

function pagesFor(role: Role): PalettePage[] {
  return [
    ...PAGES,
    ...(can(role, "api_key.read") ? [{ href: "/api-keys", label: "API keys" }] : []),
    ...(can(role, "audit.read") ? [{ href: "/audit", label: "Audit log" }] : []),
    ...(can(role, "job.read") ? [{ href: "/activity", label: "Activity" }] : []),
  ];
}

/** Waits this long after the last key before asking the server. */
const DEBOUNCE_MS = 150;

/**
 * ⌘K / Ctrl+K (or the button) opens a search over the workspace's clients and invoices and the app's
 * pages; arrows and Enter choose, Escape closes. Results come from `search`, a server action that
 * checks the permission and reads only the active workspace. A native modal <dialog> holds it (focus
 * stays inside, Escape closes, the page behind is inert) — no script-injected styles, which the CSP
 * would refuse.
 */
export function CommandPalette({ search, role }: { search: (term: string) => Promise<PaletteResults>; role: Role }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState("");
  const [results, setResults] = useState<PaletteResults>({});
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  const show = useCallback(() => {
    setOpen(true);
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  const hide = useCallback(() => {
    dialog.current?.close();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (dialog.current?.open) hide();
        else show();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [show, hide]);

  useEffect(() => {
    const q = term.trim();
    const ticket = ++latest.current;
    if (!open || q === "") {
      setResults({});
      setLoading(false);
      return;
    }
    setLoading(true);
    const timer = setTimeout(() => {
      search(q).then(
        (r) => {
          if (ticket === latest.current) {
            setResults(r);
            setLoading(false);
          }
        },
        () => {
          if (ticket === latest.current) {
            setResults({ message: "The search failed; try again." });
            setLoading(false);
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [term, open, search]);

  const go = (href: string) => {
    hide();
    router.push(href);
  };

  const needle = term.trim().toLowerCase();
  const pages = pagesFor(role).filter((p) => needle === "" || p.label.toLowerCase().includes(needle));
  const clients = results.clients ?? [];
  const invoices = results.invoices ?? [];

  return (
    <>
      <button type="button" className={`secondary ${styles.trigger}`} onClick={show} aria-keyshortcuts="Control+K Meta+K">
        Search <kbd className={`${styles.kbd} hidden sm:inline`}>Ctrl K</kbd>
      </button>
      <dialog
        ref={dialog}
        className={styles.dialog}
        aria-label="Search and go"
        onClose={() => {
          setOpen(false);
          setTerm("");
        }}
        onClick={(e) => {
          // A click on the backdrop (the dialog element itself, outside its content) closes it.
          if (e.target === dialog.current) hide();
        }}
      >
        {open ? (
          <Command label="Search and go" shouldFilter={false} loop className={styles.command}>
            <Command.Input
              autoFocus
              value={term}
              onValueChange={setTerm}
              placeholder="Search clients and invoices, or go to a page…"
              maxLength={100}
              className={styles.input}
            />
            <Command.List className={styles.list}>
              {loading ? <Command.Loading>Searching…</Command.Loading> : null}
              {results.message ? <div className={styles.message}>{results.message}</div> : null}
              {!loading && needle !== "" && pages.length + clients.length + invoices.length === 0 && !results.message ? (
                <Command.Empty>Nothing found for “{term.trim()}”.</Command.Empty>
              ) : null}
              {clients.length > 0 ? (
                <Command.Group heading="Clients">
                  {clients.map((c) => (
                    <Command.Item key={c.id} value={`client-${c.id}`} onSelect={() => go(`/clients/${c.id}`)} className={styles.item}>
                      <span>{c.name}</span>
                      <span className={styles.meta}>
                        {c.email ?? ""}
                        {c.archived ? " · archived" : ""}
                      </span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {invoices.length > 0 ? (
                <Command.Group heading="Invoices">
                  {invoices.map((i) => (
                    <Command.Item key={i.id} value={`invoice-${i.id}`} onSelect={() => go(`/invoices/${i.id}`)} className={styles.item}>
                      <span>
                        {i.number ?? "Draft"} · {i.clientName}
                      </span>
                      <span className={styles.meta}>{STATUS_LABELS[i.status]}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {pages.length > 0 ? (
                <Command.Group heading="Pages">
                  {pages.map((p) => (
                    <Command.Item key={p.href} value={`page-${p.href}`} onSelect={() => go(p.href)} className={styles.item}>
                      {p.label}
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
            </Command.List>
          </Command>
        ) : null}
      </dialog>
    </>
  );
}
