/**
 * An invoice number from the workspace's prefix and padding. Its own module, free of imports, because
 * the invoice settings form (a client component) previews it: the schemas module reaches server code
 * (the signed cursors' node:crypto), which must not be bundled for the browser.
 */
export function formatInvoiceNumber(prefix: string, padding: number, n: number): string {
  return `${prefix}${String(n).padStart(padding, "0")}`;
}

/**
 * What a number prefix may hold, said once for the form's hint, the error and the API's description:
 * unaccented Latin letters (numbers go into file names, PDFs and other systems' references), digits
 * and a few separators. "Å" or "é" is refused, and the hint says so instead of "letters".
 */
export const NUMBER_PREFIX_PATTERN = /^[A-Za-z0-9\-_/.#]*$/;
export const NUMBER_PREFIX_CHARACTERS = "A–Z and a–z (no accents), digits and - _ / . #";
