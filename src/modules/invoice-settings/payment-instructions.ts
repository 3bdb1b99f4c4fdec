/**
 * Payment instructions: bank details (account holder, IBAN, BIC), free text on how to pay, and a
 * payment page. Checked here (IBAN check digits, BIC shape, https only) and formatted once for
 * every place they are printed: the PDF, the public invoice page and emails. No imports from server
 * code, so the settings form (a client component) can use the same rules.
 */

export interface PaymentInstructions {
  bankAccountHolder: string | null;
  bankIban: string | null;
  bankBic: string | null;
  paymentInstructions: string | null;
  paymentUrl: string | null;
}

export const PAYMENT_LIMITS = { accountHolder: 200, iban: 42, bic: 14, instructions: 2000, url: 2000 } as const;

/** What a person may type around an IBAN or BIC: spaces and dashes are dropped, letters uppercased. */
export function compactCode(value: string): string {
  return value.replace(/[\s-]+/g, "").toUpperCase();
}

/** The one message for an IBAN (after compactCode), or undefined when its shape and check digits are right. */
export function ibanProblem(compact: string): string | undefined {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(compact)) {
    return "Enter an IBAN: a country code, two check digits and up to 30 letters or digits (e.g. DE89 3704 0044 0532 0130 00)";
  }
  // ISO 13616: move the first four characters to the end, letters become 10..35, the number mod 97 is 1.
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1 ? undefined : "This IBAN's check digits do not match: check it for a typing mistake";
}

/** The one message for a BIC/SWIFT code (after compactCode), or undefined when it is 8 or 11 characters of the right kinds. */
export function bicProblem(compact: string): string | undefined {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(compact)
    ? undefined
    : "Enter a BIC/SWIFT code of 8 or 11 letters and digits, e.g. COBADEFFXXX (bank, country, location, optional branch)";
}

/** The one message for a payment page address, or undefined for an https:// URL with a host. */
export function paymentUrlProblem(value: string): string | undefined {
  const url = URL.parse(value);
  if (!url || url.protocol !== "https:" || !url.hostname) return "Enter an https:// address (e.g. https://pay.example.com/invoice)";
  if (url.username || url.password) return "The address must not contain a user name or password";
  return undefined;
}

/** An IBAN as printed: groups of four. */
export function formatIban(compact: string): string {
  return compact.replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * The instructions as plain text (for emails, the PDF and the public page), or null when none are
 * set. Lines: a "Bank transfer" block (holder, IBAN, BIC), the free text, then "Pay online: <url>".
 */
export function paymentInstructionsText(settings: PaymentInstructions): string | null {
  const blocks: string[] = [];
  const bank = [
    settings.bankAccountHolder ? `Account holder: ${settings.bankAccountHolder}` : null,
    settings.bankIban ? `IBAN: ${formatIban(settings.bankIban)}` : null,
    settings.bankBic ? `BIC/SWIFT: ${settings.bankBic}` : null,
  ].filter((line): line is string => line !== null);
  if (bank.length > 0) blocks.push(["Bank transfer", ...bank].join("\n"));
  if (settings.paymentInstructions?.trim()) blocks.push(settings.paymentInstructions.trim());
  if (settings.paymentUrl) blocks.push(`Pay online: ${settings.paymentUrl}`);
  return blocks.length > 0 ? blocks.join("\n\n") : null;
}
