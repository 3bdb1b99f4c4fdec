"use client";

import { setNonce } from "get-nonce";

/**
 * Hands the request's CSP nonce to the libraries that add <style> elements at run time (Radix's
 * scroll lock, through react-style-singleton, asks get-nonce). The policy lets a style element in only
 * with the nonce (style-src-elem in src/http/security-headers.ts), so this keeps the policy as it is
 * instead of allowing inline style elements. Renders nothing.
 */
export function CspNonce({ nonce }: { nonce: string | null }) {
  if (nonce && typeof window !== "undefined") setNonce(nonce);
  return null;
}
