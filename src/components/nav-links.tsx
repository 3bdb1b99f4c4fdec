"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { can, type Role } from "@/platform/permissions";
import { cn } from "@/components/ui/cn";

const LINKS = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/invoices", label: "Invoices" },
  { href: "/clients", label: "Clients" },
  { href: "/tax-rates", label: "Tax rates" },
  { href: "/invoice-settings", label: "Invoice settings" },
  { href: "/team", label: "Team" },
  { href: "/settings", label: "Settings" },
];

/**
 * The main navigation, as a vertical list (the sidebar on wide screens, the menu sheet on narrow ones).
 * The role only decides which links show; every page and service checks permissions again.
 */
export function NavLinks({ role, onNavigate }: { role: Role; onNavigate?: () => void }) {
  const pathname = usePathname();
  const links = [
    ...LINKS,
    ...(can(role, "api_key.read") ? [{ href: "/api-keys", label: "API keys" }] : []),
    ...(can(role, "audit.read") ? [{ href: "/audit", label: "Audit log" }] : []),
    ...(can(role, "job.read") ? [{ href: "/activity", label: "Activity" }] : []),
  ];
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {links.map((l) => {
        const current = pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <Link
            key={l.href}
            href={l.href}
            onClick={onNavigate}
            aria-current={current ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 font-medium no-underline hover:bg-subtle hover:text-text hover:no-underline",
              current ? "bg-accent-soft text-text" : "text-muted",
            )}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
