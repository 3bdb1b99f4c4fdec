"use client";

import { useState, type ReactNode } from "react";
import type { Role } from "@/platform/permissions";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { NavLinks } from "@/components/nav-links";

/**
 * Below the `lg` breakpoint the sidebar is hidden and this button opens the same navigation in a sheet
 * (a Radix dialog: focus moves in and is trapped, Escape closes it), with `extra` (the workspace
 * switcher, account links, sign out) under it. Following a link closes the sheet.
 */
export function MobileMenu({ role, extra }: { role: Role; extra: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="secondary" size="icon" aria-label="Open menu" className="lg:hidden" data-testid="menu-button">
          <span aria-hidden="true" className="text-lg leading-none">
            ☰
          </span>
        </Button>
      </SheetTrigger>
      <SheetContent side="left">
        <div className="flex items-center justify-between">
          <SheetTitle className="m-0 text-base font-bold">Workledger</SheetTitle>
          <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
            Close
          </Button>
        </div>
        <SheetDescription className="sr-only">Navigation and account</SheetDescription>
        <NavLinks role={role} onNavigate={() => setOpen(false)} />
        <div className="flex flex-col gap-3 border-t border-border pt-4">{extra}</div>
      </SheetContent>
    </Sheet>
  );
}
