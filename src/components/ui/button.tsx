import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";
export type ButtonSize = "sm" | "md" | "icon";

const BASE =
  "inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md border font-medium leading-tight no-underline " +
  "transition-colors cursor-pointer hover:no-underline disabled:cursor-default disabled:opacity-60 " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "border-accent bg-accent text-accent-text hover:bg-accent-hover hover:border-accent-hover",
  secondary: "border-border bg-panel text-text hover:bg-subtle",
  danger: "border-danger bg-panel text-danger hover:bg-danger-bg",
  ghost: "border-transparent bg-transparent text-muted hover:bg-subtle hover:text-text",
};

const SIZES: Record<ButtonSize, string> = {
  sm: "h-8 px-2.5 text-sm",
  md: "h-9 px-3.5 text-[0.95rem]",
  icon: "size-9 p-0",
};

/** The classes of a button; also for links that look like one (`<Link className={buttonClass()}>`). */
export function buttonClass({ variant = "primary", size = "md" }: { variant?: ButtonVariant; size?: ButtonSize } = {}): string {
  return cn(BASE, VARIANTS[variant], SIZES[size]);
}

export function Button({
  variant,
  size,
  className,
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type={type} className={cn(buttonClass({ variant, size }), className)} {...props} />;
}
