import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

/** Shared by every text-like control: full width of its container, never wider (min-w-0 lets it shrink in a grid or flex row). */
export const controlClass =
  "block w-full min-w-0 rounded-md border border-border bg-input px-2.5 py-1.5 text-text " +
  "placeholder:text-muted aria-invalid:border-danger disabled:opacity-60";

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(controlClass, className)} {...props} />;
}

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(controlClass, className)} {...props} />;
}

export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(controlClass, "resize-y", className)} {...props} />;
}
