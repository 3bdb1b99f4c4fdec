"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { can, type Role } from "@/platform/permissions";

const LINKS = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/invoices", label: "Invoices" },
  { href: "/clients", label: "Clients" },
  { href: "/tax-rates", label: "Tax rates" },
  { href: "/team", label: "Team" },
  { href: "/settings", label: "Settings" },
];

/** The role only decides which links show; every page and service checks permissions again. */
export function NavLinks({ role }: { role: Role }) {
  const pathname = usePathname();
  const links = [
    ...LINKS,
    ...(can(role, "api_key.read") ? [{ href: "/api-keys", label: "API keys" }] : []),
    ...(can(role, "audit.read") ? [{ href: "/audit", label: "Audit log" }] : []),
    ...(can(role, "job.read") ? [{ href: "/activity", label: "Activity" }] : []),
  ];
  return (
    <nav aria-label="Main">
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={pathname === l.href || pathname.startsWith(`${l.href}/`) ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
