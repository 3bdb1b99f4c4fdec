/**
 * The placeholders of an email template and how text with them is checked and filled in. Pure and free
 * of imports, so the template form (a client component) can list them too.
 */

export const PLACEHOLDERS = [
  "invoice_number",
  "client_name",
  "total",
  "balance_due",
  "due_date",
  "workspace_name",
  "payment_instructions",
  "link",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What each placeholder becomes, for the forms' help text. */
export const PLACEHOLDER_HELP: Record<Placeholder, string> = {
  invoice_number: "the invoice's number",
  client_name: "the client's name",
  total: "the invoice total with its currency",
  balance_due: "what is still owed",
  due_date: "the due date (YYYY-MM-DD)",
  workspace_name: "your business name (the invoice sender)",
  payment_instructions: "how to pay (bank details, instructions, payment link) from the invoice settings; nothing when none are set",
  link: "the invoice's public link, filled in when the email is sent",
};

/** `{name}`: a word of letters, digits and underscores in braces. Anything else in braces is plain text. */
const PLACEHOLDER_PATTERN = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const known = new Set<string>(PLACEHOLDERS);

/** The placeholders in `text` that are not ours, each once, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
    const name = m[1]!;
    if (!known.has(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** "Unknown placeholder {foo}" / "Unknown placeholders {foo}, {bar}", with what is available. */
export function unknownPlaceholderMessage(names: string[]): string {
  const listed = names.map((n) => `{${n}}`).join(", ");
  return `Unknown placeholder${names.length === 1 ? "" : "s"} ${listed}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`;
}

/**
 * Fills in the placeholders that have a value, in one pass (a value that itself looks like a placeholder
 * stays as it is); placeholders without a value are left for a later pass.
 */
export function fillPlaceholders(text: string, values: Partial<Record<Placeholder, string>>): string {
  const filled = text.replace(PLACEHOLDER_PATTERN, (whole, name: string) => {
    const value = known.has(name) ? values[name as Placeholder] : undefined;
    return value ?? whole;
  });
  // A placeholder with nothing to say (no payment instructions) leaves no run of empty lines behind.
  return filled.replace(/\n{3,}/g, "\n\n");
}
