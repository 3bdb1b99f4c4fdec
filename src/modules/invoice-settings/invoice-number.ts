/**
 * An invoice number from the workspace's prefix and padding. Its own module, free of imports, because
 * the invoice settings form (a client component) previews it: the schemas module reaches server code
 * (the signed cursors' node:crypto), which must not be bundled for the browser.
 */
export function formatInvoiceNumber(prefix: string, padding: number, n: number): string {
  return `${prefix}${String(n).padStart(padding, "0")}`;
}
