import type { HTMLAttributes } from "react";
import { cn } from "./cn";

/** A bordered surface for a group of content (a form, a list, a stat). */
export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("rounded-card border border-border bg-panel p-4 sm:p-5", className)} {...props} />;
}

export function CardTitle({ className, ...props }: HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn("mt-0 mb-3 text-lg font-semibold", className)} {...props} />;
}
